//! `gongkai init <dir>`: a small working site with one entry of each kind.

use crate::cli::InitArgs;
use crate::exit;
use crate::messages::commands as msg;

pub fn run(args: InitArgs) -> u8 {
    let dir = &args.dir;
    if dir.exists() && std::fs::read_dir(dir).map(|mut d| d.next().is_some()).unwrap_or(true) {
        fail!(msg::init_not_empty(&dir.display().to_string()));
        return exit::USAGE;
    }
    let today = match crate::site::build_date(None) {
        Ok(d) => d,
        Err(e) => {
            fail!(e);
            return exit::USAGE;
        }
    };
    for (rel, text) in crate::scaffold::starter_site(today, &args.title, &args.department) {
        let path = dir.join(&rel);
        let written = path.parent().map_or(Ok(()), std::fs::create_dir_all).and_then(|()| std::fs::write(&path, text));
        if let Err(e) = written {
            fail!(msg::cannot_write(&path.display().to_string(), &e));
            return exit::CONTENT;
        }
    }
    say!(msg::init_done(&dir.display().to_string()));
    exit::OK
}
