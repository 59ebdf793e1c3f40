//! The integration tests read gongkai's English messages: `GONGKAI_LANG=en` is set before the
//! test binary's `main`, so every `gongkai` it starts inherits it. A test of the Chinese messages
//! passes `--lang zh`, which wins over the variable.

extern "C" fn english() {
    std::env::set_var("GONGKAI_LANG", "en");
}

#[used]
#[link_section = ".init_array"]
static ENGLISH: extern "C" fn() = english;
