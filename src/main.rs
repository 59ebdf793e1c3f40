//! The `gongkai` binary: parse the command line, run the command, exit with its code.

use std::process::ExitCode;

use clap::Parser;

/// mimalloc: rendering thousands of pages in parallel allocates heavily, and glibc's malloc
/// serialises threads on its arenas.
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// `mi_option_arena_eager_commit` in mimalloc.h: the fifth option in v2 and v3 alike (the
/// Rust bindings do not name it).
const MI_OPTION_ARENA_EAGER_COMMIT: libmimalloc_sys::mi_option_t = 4;

/// Commit arena memory as it is used, not up front: a build's peak memory is about 15% lower
/// at the same speed (docs/bench.md). It must be set before mimalloc creates its first arena,
/// at the first allocation, so it runs as a constructor, before the Rust runtime starts.
extern "C" fn configure_allocator() {
    // SAFETY: mi_option_set only stores an integer option; 0 is a valid value for this one.
    unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_ARENA_EAGER_COMMIT, 0) };
}

#[cfg(target_os = "linux")]
#[used]
#[link_section = ".init_array"]
static CONFIGURE_ALLOCATOR: extern "C" fn() = configure_allocator;

fn main() -> ExitCode {
    #[cfg(not(target_os = "linux"))]
    configure_allocator();
    let cli = match gongkai::cli::Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { gongkai::exit::USAGE } else { gongkai::exit::OK });
        }
    };
    ExitCode::from(gongkai::cmd::run(cli))
}

#[cfg(test)]
mod tests {
    /// The constructor has run in this binary too: arenas are committed on demand.
    #[test]
    fn arenas_are_committed_on_demand() {
        // SAFETY: reading an option.
        assert_eq!(unsafe { libmimalloc_sys::mi_option_get(super::MI_OPTION_ARENA_EAGER_COMMIT) }, 0);
    }
}
