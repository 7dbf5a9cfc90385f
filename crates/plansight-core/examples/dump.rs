fn main() {
    let path = std::env::args().nth(1).expect("path");
    let plan = plansight_core::read_plan(&std::fs::read(path).unwrap()).unwrap();
    println!("{:?} {:?}", plan.title, plan.window);
    for p in &plan.projects {
        println!("{:?}", p);
    }
    for t in &plan.tasks {
        println!("T {} {} {:?} L{}", t.no, t.area, t.units, t.line);
    }
    for (i, x) in plan.indicators.iter().enumerate() {
        println!(
            "I{i} {:?} [{}] {} {} {} {:?} y{:?} pair{:?} L{}",
            x.kind,
            x.section,
            x.metric,
            x.comparator.symbol(),
            x.value,
            x.unit,
            x.year,
            x.pair,
            x.line
        );
    }
    for w in &plan.warnings {
        println!("W {:?}", w);
    }
}
