//! Each chart's numbers as a table: the accessible fallback under the chart, and
//! the source of its text description (ARIA). Same analyses as the drawing.

use crate::draw::{num, pct};
use crate::i18n::{self, Lang};
use crate::{ChartId, Inputs, TOP_PROJECTS, TOP_UNITS};
use plansight_core::engine::analysis;
use plansight_core::{BuilderKind, Money};
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ChartTable {
    pub head: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

fn t(head: &[&str], rows: Vec<Vec<String>>) -> ChartTable {
    ChartTable { head: head.iter().map(|h| h.to_string()).collect(), rows }
}

pub fn table(chart: ChartId, input: &Inputs, lang: Lang) -> ChartTable {
    let (rows, f) = (input.rows, input.filter);
    let p = |zh, en| lang.pick(zh, en);
    match chart {
        ChartId::ByType => t(
            &[crate::category_word(input, lang), p("项目数", "projects"), p("亿元", "亿元"), p("占比", "share")],
            analysis::investment_by_type(rows, &f.without_types())
                .into_iter()
                .map(|s| {
                    vec![i18n::action(lang, &s.label, input.rows), s.count.to_string(), num(s.value), pct(s.share)]
                })
                .collect(),
        ),
        ChartId::Builder => t(
            &[p("建设单位类别", "builder kind"), p("项目数", "projects"), p("亿元", "亿元"), p("占比", "share")],
            analysis::investment_by_builder_kind(rows, &f.without_builder_kinds())
                .into_iter()
                .map(|s| {
                    vec![
                        i18n::builder_kind(lang, BuilderKind::from_id(&s.label)).to_string(),
                        s.count.to_string(),
                        num(s.value),
                        pct(s.share),
                    ]
                })
                .collect(),
        ),
        ChartId::Annual => {
            let a = analysis::annualized(rows, f, input.window);
            let mut head = vec![p("年份", "year").to_string()];
            head.extend(a.types.iter().map(|t| i18n::action(lang, t, input.rows)));
            head.push(p("合计（亿元）", "total (亿元)").to_string());
            let body = a
                .years
                .iter()
                .enumerate()
                .map(|(i, y)| {
                    let mut r = vec![y.to_string()];
                    r.extend(a.values.iter().map(|v| num(v[i])));
                    r.push(num(a.values.iter().map(|v| v[i]).sum()));
                    r
                })
                .collect();
            ChartTable { head, rows: body }
        }
        ChartId::Timeline => t(
            &[
                p("序号", "no"),
                p("项目", "project"),
                crate::category_word(input, lang),
                p("开始", "start"),
                p("结束", "end"),
                p("亿元", "亿元"),
            ],
            // The rows the Gantt draws (the largest, when there are too many).
            crate::time::timeline_projects(input)
                .0
                .into_iter()
                .map(|x| {
                    vec![
                        x.no.to_string(),
                        x.name.clone(),
                        i18n::action(lang, &x.kind, input.rows),
                        x.start_year.map(|v| v.to_string()).unwrap_or_default(),
                        x.end_year.map(|v| v.to_string()).unwrap_or_default(),
                        x.investment.map(Money::yi_text).unwrap_or_default(),
                    ]
                })
                .collect(),
        ),
        ChartId::Pareto => t(
            &[p("序号", "no"), p("项目", "project"), p("亿元", "亿元"), p("累计占比", "cumulative")],
            analysis::top_projects(rows, f, TOP_PROJECTS)
                .into_iter()
                .map(|r| vec![r.no.to_string(), r.name, num(r.value), pct(r.cumulative_share)])
                .collect(),
        ),
        ChartId::Indicators => t(
            &[
                p("行动", "action"),
                p("类别", "kind"),
                p("指标", "metric"),
                p("基数", "baseline"),
                p("数值", "value"),
                p("行", "line"),
            ],
            analysis::indicators_by_action(rows, f)
                .into_iter()
                .flat_map(|g| {
                    g.rows.into_iter().map(move |r| {
                        let i = r.indicator;
                        let kind = if i.kind == plansight_core::IndicatorKind::Target {
                            lang.pick("目标", "target")
                        } else {
                            lang.pick("基数", "baseline")
                        };
                        let year = i.year.map(|y| format!(" ({y})")).unwrap_or_default();
                        vec![
                            i18n::action(lang, &g.section, input.rows),
                            kind.to_string(),
                            i.metric,
                            r.baseline.map(num).unwrap_or_default(),
                            format!(
                                "{}{} {}{year}",
                                if i.comparator.symbol() == "=" { "" } else { i.comparator.symbol() },
                                num(i.value),
                                i.unit
                            ),
                            i.line.to_string(),
                        ]
                    })
                })
                .collect(),
        ),
        ChartId::Areas => t(
            &[p("行动领域", "action area"), p("任务数", "tasks")],
            analysis::tasks_per_area(rows, &f.without_types())
                .into_iter()
                .map(|s| vec![i18n::action(lang, &s.label, input.rows), s.count.to_string()])
                .collect(),
        ),
        ChartId::Units => t(
            &[p("责任单位", "unit"), p("任务数", "tasks"), p("牵头", "leads")],
            analysis::unit_workload(rows, &f.without_units())
                .into_iter()
                .take(TOP_UNITS)
                .map(|w| vec![w.unit, w.tasks.to_string(), w.lead.to_string()])
                .collect(),
        ),
        ChartId::Matrix => {
            let m = analysis::unit_area_matrix(rows, &f.without_units());
            let mut head = vec![p("责任单位", "unit").to_string()];
            head.extend(m.areas.iter().map(|a| i18n::action(lang, a, input.rows)));
            let body = m
                .units
                .iter()
                .zip(&m.counts)
                .take(TOP_UNITS)
                .map(|(u, c)| std::iter::once(u.clone()).chain(c.iter().map(|n| n.to_string())).collect())
                .collect();
            ChartTable { head, rows: body }
        }
    }
}

impl ChartTable {
    /// A one-paragraph text description for screen readers: the first rows spelled out.
    pub fn describe(&self, title: &str, lang: Lang) -> String {
        let shown: Vec<String> = self
            .rows
            .iter()
            .take(8)
            .map(|r| self.head.iter().zip(r).map(|(h, v)| format!("{h} {v}")).collect::<Vec<_>>().join(", "))
            .collect();
        let more = self.rows.len().saturating_sub(8);
        let tail = match (more, lang) {
            (0, _) => String::new(),
            (n, Lang::Zh) => format!("；另有 {n} 行，见下方数据表"),
            (n, Lang::En) => format!("; {n} more rows in the data table below"),
        };
        format!("{title}: {}{tail}", shown.join("; "))
    }
}
