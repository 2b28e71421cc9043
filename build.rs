//! Rebuild when a policy or template file is added, changed or removed: they are built
//! into the binary.
fn main() {
    println!("cargo:rerun-if-changed=policies");
    println!("cargo:rerun-if-changed=templates");
    println!("cargo:rerun-if-changed=fonts");
}
