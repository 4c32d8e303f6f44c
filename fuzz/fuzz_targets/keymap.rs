//! Fuzz target: the invariants of `imha::checks::keymap` on arbitrary bytes.
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| imha::checks::keymap(data));
