//! Fuzz target: the invariants of `imha::checks::census` on arbitrary bytes.
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| imha::checks::census(data));
