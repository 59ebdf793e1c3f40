//! `gongkai init <dir>`: a small working site with one entry of each kind.

use crate::cli::InitArgs;
use crate::exit;

pub fn run(args: InitArgs) -> u8 {
    let dir = &args.dir;
    if dir.exists() && std::fs::read_dir(dir).map(|mut d| d.next().is_some()).unwrap_or(true) {
        errln!("error: {} exists and is not empty; choose a new folder", dir.display());
        return exit::USAGE;
    }
    let today = match crate::site::build_date(None) {
        Ok(d) => d,
        Err(e) => {
            errln!("error: {e}");
            return exit::USAGE;
        }
    };
    for (rel, text) in crate::scaffold::starter_site(today, &args.title, &args.department) {
        let path = dir.join(&rel);
        let written = path.parent().map_or(Ok(()), std::fs::create_dir_all).and_then(|()| std::fs::write(&path, text));
        if let Err(e) = written {
            errln!("error: cannot write {}: {e}", path.display());
            return exit::CONTENT;
        }
    }
    outln!("created a new site in {}\nnext: cd {} && gongkai build   (or gongkai serve)", dir.display(), dir.display());
    exit::OK
}
