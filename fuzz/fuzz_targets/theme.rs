//! Fuzz target: the invariants of `imha::checks::theme` on arbitrary bytes.
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| imha::checks::theme(data));
