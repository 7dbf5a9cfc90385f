//! Stage 3, engine: the plan's rows → the breakdowns charts and tables draw.
//! May import: the model and the stages before it (`compare` folds names as `read::text` does).
//!
//! - [`filter`]: the filter, the selection it makes, category order;
//! - [`columnar`]: projects as columns, the money analyses over them (exact 分);
//! - [`projects`]: the projects of the rows, a list or the buffers a big table came as;
//! - [`rows`]: the rows shared by the analyses of one view;
//! - [`analysis`]: every breakdown, the data checks, and the row-by-row reference;
//! - [`compare`]: two editions of a plan, matched, and what changed between them.

pub mod analysis;
pub mod columnar;
pub mod compare;
pub mod filter;
pub mod projects;
pub mod rows;
