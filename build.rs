//! Rebuild when the translations or the migrations change (both are read at compile time).
fn main() {
    println!("cargo:rerun-if-changed=locales");
    // and when a migration is added (they are embedded in the binary)
    println!("cargo:rerun-if-changed=migrations");
}
