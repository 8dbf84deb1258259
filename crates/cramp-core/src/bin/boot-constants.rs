//! `boot-constants`: prints what scripts/boot.js must know of the core (the
//! language rule, the storage keys, the emergency number, the prerendered
//! page's hooks) as a JavaScript object literal; scripts/postbuild.mjs puts it
//! in place of boot.js's `__CC_CONSTANTS__`. See `cramp_core::boot`.

fn main() {
    print!("{}", cramp_core::boot::constants_js());
}
