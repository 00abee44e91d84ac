//! Formatting: `format(v, spec)` and f-string format specs (the format
//! specification mini-language), `str.format`, and `%`-formatting.
