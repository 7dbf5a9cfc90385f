//! Prints the text form the core's readers make of a file (any form), the
//! text every `line` of a plan points into: `cargo run -p plansight-core --example text_form FILE`.

fn main() {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: text_form FILE");
        std::process::exit(2);
    };
    let bytes = std::fs::read(&path).expect("a readable file");
    match plansight_core::read::to_text(&bytes, &plansight_core::read::decode::gb18030) {
        Ok(text) => println!("{text}"),
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(1);
        }
    }
}
