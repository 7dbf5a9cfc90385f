// The package's entry: the custom element (defined on import) and the
// WebAssembly App with its init, as wasm-bindgen writes them.
export { default as init, App } from './plansight_web.js';
export { PlansightChart } from './plansight-chart.js';
