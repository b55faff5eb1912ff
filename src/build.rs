//! Build script: the migrations are embedded in the binary (`embed_migrations!`), so a new or
//! changed migration must rebuild it; cargo does not see those files by itself.

fn main() {
    println!("cargo:rerun-if-changed=migrations");
}
