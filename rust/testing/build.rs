//! The connector crate is linked in as an rlib, and a cdylib would re-export its JNI functions:
//! a second copy of `NativeSession_open` and friends in the same classloader, which the JVM
//! might bind instead of the shipped library's. On ELF targets, hide every symbol that comes
//! from a linked archive, so this library exports only its own `NativeTesting` functions.
fn main() {
    let os = std::env::var("CARGO_CFG_TARGET_OS").unwrap_or_default();
    if os == "linux" || os == "android" || os == "freebsd" {
        println!("cargo:rustc-cdylib-link-arg=-Wl,--exclude-libs,ALL");
    }
}
