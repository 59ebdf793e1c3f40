//! The `gongkai` binary: parse the command line, run the command, exit with its code.

use std::process::ExitCode;

use clap::Parser;

/// mimalloc: rendering thousands of pages in parallel allocates heavily, and glibc's malloc
/// serialises threads on its arenas.
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// `mi_option_arena_eager_commit` and `mi_option_purge_delay` in mimalloc.h, the same numbers
/// in v2 and v3 (the Rust bindings do not name them).
const MI_OPTION_ARENA_EAGER_COMMIT: libmimalloc_sys::mi_option_t = 4;
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// Commit arena memory as it is used, not up front, and return freed memory after 25 ms
/// instead of 1 s: a build's peak memory is about 20% lower at the same speed (docs/bench.md).
/// This must be set before mimalloc creates its first arena, at the first allocation, so it
/// runs as a constructor, before the Rust runtime starts.
extern "C" fn configure_allocator() {
    // SAFETY: mi_option_set only stores an integer option; both values are valid for these.
    unsafe {
        libmimalloc_sys::mi_option_set(MI_OPTION_ARENA_EAGER_COMMIT, 0);
        libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, 25);
    }
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
    /// The constructor has run in this binary too: arenas are committed on demand, freed
    /// memory purged after 25 ms.
    #[test]
    fn allocator_is_configured() {
        // SAFETY: reading options.
        let (eager, purge) = unsafe {
            (
                libmimalloc_sys::mi_option_get(super::MI_OPTION_ARENA_EAGER_COMMIT),
                libmimalloc_sys::mi_option_get(super::MI_OPTION_PURGE_DELAY),
            )
        };
        assert_eq!((eager, purge), (0, 25));
    }
}
