//! Screenshots of chuangkou for the README and the clerk's guide.
//!
//! ```sh
//! cargo run --release --manifest-path tools/screenshots/Cargo.toml [-- --out DIR] [-- NAME…]
//! ```
//!
//! Builds the real app on a ratatui `TestBackend` with a fixed clock (2026-11-25 10:00) and
//! demo data in a temporary directory, drives keys to each screen of [`SHOTS`], draws the
//! buffer cell by cell as SVG (`svg.rs`) and rasterises it with resvg using a CJK font from
//! the system font directories. PNGs go to `screenshots/NN-name.png`.

mod session;
mod svg;

use anyhow::{anyhow, bail, Context as _};
use chuangkou::domain::case::CaseNo;
use chuangkou::domain::idcard;
use chuangkou::domain::life::StepKind;
use chuangkou::ui::app::Screen;
use chuangkou::ui::wall::WallMode;
use ratatui::crossterm::event::KeyCode;
use resvg::{tiny_skia, usvg};
use session::{Picks, Session};
use skrifa::MetadataProvider as _;
use std::cell::RefCell;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// The moment every screenshot is taken.
const NOW: &str = "2026-11-25T10:00";
/// Terminal size in cells.
const SIZE: (u16, u16) = (120, 36);

/// One screenshot: the file name (without `.png`), what it shows, and the keys that get
/// there from the main screen of a freshly started app. Each shot runs on its own copy of
/// the prepared data, so shots never depend on each other.
struct Shot {
    file: &'static str,
    what: &'static str,
    keys: fn(&mut Session) -> anyhow::Result<()>,
}

const SHOTS: &[Shot] = &[
    Shot {
        file: "01-home",
        what: "主页：今日登记与临近期限",
        keys: |_| Ok(()),
    },
    Shot {
        file: "02-register",
        what: "来访登记填到一半：身份证校验与同一来访人旧案",
        keys: register_half_filled,
    },
    Shot {
        file: "03-case-list",
        what: "案件查询（F3）",
        keys: |s| {
            s.key(KeyCode::F(3));
            Ok(())
        },
    },
    Shot {
        file: "04-case-view",
        what: "案件详情与办理经过",
        keys: open_rich_case,
    },
    Shot {
        file: "05-step-menu",
        what: "F8 办理菜单",
        keys: |s| {
            open_rich_case(s)?;
            s.key(KeyCode::F(8));
            Ok(())
        },
    },
    Shot {
        file: "06-step-form",
        what: "办理步骤表单：交办/转送",
        keys: |s| {
            let seq = s.picks.today_seq;
            open_case(s, seq)?;
            step(s, StepKind::Accept)?;
            s.ctrl('s');
            step(s, StepKind::Route)?;
            s.key(KeyCode::Tab).paste("区民政局");
            Ok(())
        },
    },
    Shot {
        file: "07-queue",
        what: "排队叫号（F4）",
        keys: |s| {
            s.key(KeyCode::F(4));
            Ok(())
        },
    },
    Shot {
        file: "08-help",
        what: "F1 帮助（排队叫号）",
        keys: |s| {
            s.key(KeyCode::F(4)).key(KeyCode::F(1));
            Ok(())
        },
    },
    Shot {
        file: "09-notice-menu",
        what: "F9 打印文书",
        keys: |s| {
            open_rich_case(s)?;
            s.key(KeyCode::F(9));
            Ok(())
        },
    },
    Shot {
        file: "10-login",
        what: "登录（已建立工作人员账号时）",
        keys: login,
    },
    Shot {
        file: "11-deadlines",
        what: "F6 期限一览：逾期在前，可按期限、承办单位、问题分类筛选",
        keys: |s| {
            s.key(KeyCode::F(6));
            Ok(())
        },
    },
    Shot {
        file: "12-report",
        what: "F7 统计：本月与上月对比，Ctrl-E 导出 Excel",
        keys: |s| {
            s.key(KeyCode::F(7));
            Ok(())
        },
    },
    Shot {
        file: "13-wall-board",
        what: "墙上大屏：超期督办看板（chuangkou board）",
        keys: |s| {
            s.wall(WallMode::Board);
            Ok(())
        },
    },
    Shot {
        file: "14-wall-calls",
        what: "墙上大屏：候访区叫号屏（chuangkou board --queue）",
        keys: |s| {
            s.key(KeyCode::F(4)).key(KeyCode::F(5)).key(KeyCode::Esc);
            s.wall(WallMode::Calls);
            Ok(())
        },
    },
];

fn register_half_filled(s: &mut Session) -> anyhow::Result<()> {
    let (name, id) = (s.picks.repeat_name.clone(), s.picks.repeat_id.clone());
    s.key(KeyCode::F(2)).paste(&name).key(KeyCode::Tab);
    // Leaving a valid ID skips the fields it fills and looks up earlier cases.
    s.type_str(&id).key(KeyCode::Tab);
    s.type_str("01").tab_to("联系电话").type_str("1390994");
    Ok(())
}

fn open_rich_case(s: &mut Session) -> anyhow::Result<()> {
    let seq = s.picks.rich_seq;
    open_case(s, seq)
}

/// Opens this year's case `seq` from the case list (F3, the number, Enter).
fn open_case(s: &mut Session, seq: u32) -> anyhow::Result<()> {
    s.key(KeyCode::F(3))
        .type_str(&seq.to_string())
        .key(KeyCode::Enter);
    if !s.text().contains("案件详情") {
        bail!("case {seq} did not open");
    }
    Ok(())
}

/// In the case view: F8, then down the menu to `kind` and Enter (its form opens).
fn step(s: &mut Session, kind: StepKind) -> anyhow::Result<()> {
    s.key(KeyCode::F(8));
    let steps = match &s.app.screen {
        Screen::CaseView(v) => v.case.available(),
        _ => bail!("not on the case view"),
    };
    let i = steps
        .iter()
        .position(|k| *k == kind)
        .ok_or_else(|| anyhow!("{kind:?} is not offered: {steps:?}"))?;
    for _ in 0..i {
        s.key(KeyCode::Down);
    }
    s.key(KeyCode::Enter);
    Ok(())
}

fn login(s: &mut Session) -> anyhow::Result<()> {
    use chuangkou::domain::account::Account;
    use chuangkou::domain::life::Role;
    let now = chuangkou::domain::clock::parse_now(NOW).unwrap_or_default();
    let account =
        Account::new("张丽", vec![Role::Clerk], "counter-2026", now).map_err(|e| anyhow!("{e}"))?;
    s.app.env.store.save_account(&account)?;
    s.restart()?;
    s.paste("张丽").key(KeyCode::Tab).type_str("******");
    Ok(())
}

fn main() -> std::process::ExitCode {
    match run() {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            std::process::ExitCode::FAILURE
        }
    }
}

fn run() -> anyhow::Result<()> {
    let mut out = PathBuf::from("screenshots");
    let mut only: Vec<String> = Vec::new();
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--out" => out = args.next().map(PathBuf::from).context("--out DIR")?,
            "-h" | "--help" => {
                println!(
                    "usage: screenshots [--out DIR] [NAME…]   (names: {})",
                    names()
                );
                return Ok(());
            }
            _ => only.push(a),
        }
    }
    if let Some(bad) = only.iter().find(|n| !SHOTS.iter().any(|s| s.file == *n)) {
        bail!("no screenshot named {bad} (names: {})", names());
    }
    let fonts = Fonts::load()?;
    println!(
        "fonts: {} (narrow), {} (wide)",
        fonts.grid.narrow_family, fonts.grid.wide_family
    );

    let work = tempfile::tempdir()?;
    let base = work.path().join("base");
    let picks = prepare(&base)?;
    std::fs::create_dir_all(&out).with_context(|| format!("create {}", out.display()))?;
    for (i, shot) in SHOTS.iter().enumerate() {
        if !only.is_empty() && !only.iter().any(|n| n == shot.file) {
            continue;
        }
        let dir = work.path().join(format!("shot{i}"));
        copy_dir(&base, &dir)?;
        let mut s = Session::start(&dir, NOW, SIZE, picks.clone())?;
        (shot.keys)(&mut s).with_context(|| shot.file)?;
        let (buf, cursor) = s.frame()?;
        drop(s);
        let svg = svg::render(&buf, &fonts.grid, cursor, &|sym| fonts.narrow_has(sym));
        let path = out.join(format!("{}.png", shot.file));
        fonts.png(&svg, &path)?;
        let kb = std::fs::metadata(&path)
            .map(|m| m.len() / 1024)
            .unwrap_or(0);
        println!("{} ({kb} KB): {}", path.display(), shot.what);
    }
    Ok(())
}

fn names() -> String {
    SHOTS.iter().map(|s| s.file).collect::<Vec<_>>().join(", ")
}

/// Demo data in `dir` (cases over the past year), then a morning at the counter: tickets
/// taken from 08:30, two visitors registered from the queue, a few still waiting at 10:00.
fn prepare(dir: &Path) -> anyhow::Result<Picks> {
    std::fs::create_dir_all(dir)?;
    std::fs::write(
        dir.join(chuangkou::config::Config::FILE),
        "unit_name = \"某某区信访局接待窗口\"\ndefault_clerk = \"张丽\"\n",
    )?;
    {
        let o = chuangkou::cli::open(dir, Some(NOW), None)?;
        chuangkou::cli::demo::generate(&o, 300, 2026)?;
        o.store.flush()?;
    }
    let mut s = Session::start(dir, "2026-11-25T08:30", SIZE, Picks::default())?;
    s.key(KeyCode::F(4));
    s.type_str("a")
        .minutes(4)
        .type_str("a")
        .minutes(6)
        .type_str("v");
    s.minutes(5)
        .type_str("b")
        .paste("12 王建国 李秀英")
        .key(KeyCode::Enter);
    s.minutes(3)
        .type_str("y")
        .paste("10:30")
        .key(KeyCode::Enter);
    s.minutes(2).type_str("a");
    // V001 first (priority): a new visitor, registered from the ticket.
    s.minutes(3).key(KeyCode::F(5));
    s.paste("刘桂英").key(KeyCode::Tab);
    s.paste(&valid_id("65010219580314062")?).key(KeyCode::Tab);
    s.tab_to("联系电话").paste("13899123456");
    s.tab_to("问题分类").type_str("mz").key(KeyCode::Tab);
    s.type_str("ssqj").key(KeyCode::Tab);
    s.paste("家中老人长期患病，生活困难，申请纳入最低生活保障，请求尽快审核。");
    s.minutes(9).ctrl('s');
    expect_saved(&mut s)?;
    let today_seq = match &s.app.screen {
        Screen::CaseView(v) => v.case.no.seq,
        _ => bail!("the saved registration did not open its case"),
    };
    // Then A001.
    s.minutes(3).key(KeyCode::F(4)).key(KeyCode::F(5));
    s.paste("马建华").key(KeyCode::Tab);
    s.tab_to("联系电话").paste("18609940123");
    s.tab_to("问题分类").type_str("ldsb").key(KeyCode::Tab);
    s.type_str("ssqj").key(KeyCode::Tab);
    s.paste("反映在某建筑工地务工期间被拖欠工资约38000元，多次讨要未果，请求协调支付。");
    s.minutes(12).ctrl('s');
    expect_saved(&mut s)?;
    // A002 is called and goes to fetch a document (parked); more people arrive.
    s.minutes(2)
        .key(KeyCode::F(4))
        .key(KeyCode::F(5))
        .key(KeyCode::Esc);
    s.type_str("p");
    for m in [4, 3, 7, 2] {
        s.minutes(m).type_str("a");
    }
    s.minutes(3).type_str("v");
    s.key(KeyCode::Esc);
    s.set_time(NOW);
    let picks = find_picks(&s)?;
    drop(s);
    Ok(Picks { today_seq, ..picks })
}

fn expect_saved(s: &mut Session) -> anyhow::Result<()> {
    let text = s.text();
    if !text.contains("已保存") {
        bail!("registration was not saved:\n{text}");
    }
    Ok(())
}

/// The first 17 digits with their check digit.
fn valid_id(first17: &str) -> anyhow::Result<String> {
    let c = idcard::check_digit(first17).ok_or_else(|| anyhow!("bad ID body {first17}"))?;
    Ok(format!("{first17}{c}"))
}

/// A repeat visitor with an open case, and an open case of this year with a running clock
/// and the longest history.
fn find_picks(s: &Session) -> anyhow::Result<Picks> {
    let year = 2026;
    let mut by_id: HashMap<String, Vec<(CaseNo, bool, String)>> = HashMap::new();
    let mut rich: Option<(usize, CaseNo)> = None;
    s.app.env.store.for_each_case(&mut |c| {
        let Ok(c) = c else { return true };
        let v = &c.reg.visitor;
        let open = c.status.is_open();
        if !v.id_number.is_empty() {
            by_id
                .entry(v.id_number.clone())
                .or_default()
                .push((c.no, open, v.name.clone()));
        }
        let restricted = c.reg.purpose == "检举控告";
        // A clock still running shows the days left; prefer a case that is being handled.
        let running = c.clocks.iter().any(|k| k.stopped.is_none());
        if open && running && !restricted && c.no.year == year {
            let n = c.history.len();
            if rich.is_none_or(|(best, _)| n >= best) {
                rich = Some((n, c.no));
            }
        }
        true
    })?;
    let mut repeat: Vec<(CaseNo, String, String)> = by_id
        .into_iter()
        .filter(|(_, cases)| cases.len() >= 2 && cases.iter().any(|c| c.1))
        .map(|(id, cases)| {
            let newest = cases
                .iter()
                .map(|c| c.0)
                .max()
                .unwrap_or(CaseNo { year: 0, seq: 0 });
            (newest, cases[0].2.clone(), id)
        })
        .collect();
    repeat.sort();
    let (_, repeat_name, repeat_id) = repeat
        .pop()
        .ok_or_else(|| anyhow!("the demo data has no repeat visitor with an open case"))?;
    let (_, rich) = rich.ok_or_else(|| anyhow!("the demo data has no open case in {year}"))?;
    Ok(Picks {
        repeat_name,
        repeat_id,
        rich_seq: rich.seq,
        today_seq: 0,
    })
}

fn copy_dir(from: &Path, to: &Path) -> anyhow::Result<()> {
    std::fs::create_dir_all(to)?;
    for e in std::fs::read_dir(from)? {
        let e = e?;
        let target = to.join(e.file_name());
        if e.file_type()?.is_dir() {
            copy_dir(&e.path(), &target)?;
        } else {
            std::fs::copy(e.path(), &target)?;
        }
    }
    Ok(())
}

/// The fonts (from the system font directories) and the grid built on them.
struct Fonts {
    db: Arc<usvg::fontdb::Database>,
    grid: svg::Grid,
    /// The narrow (Latin) face, to know which symbols it has.
    narrow_face: Option<usvg::fontdb::ID>,
    coverage: RefCell<HashMap<char, bool>>,
}

/// Monospaced families with Chinese, best first.
const WIDE_FAMILIES: &[&str] = &[
    "Noto Sans Mono CJK SC",
    "Noto Sans CJK SC",
    "WenQuanYi Micro Hei Mono",
    "WenQuanYi Micro Hei",
    "WenQuanYi Zen Hei Mono",
    "Source Han Sans SC",
    "Sarasa Mono SC",
];
/// Families for Latin text and symbols, best first (else the CJK family's own Latin).
const NARROW_FAMILIES: &[&str] = &["DejaVu Sans Mono", "Liberation Mono", "Noto Sans Mono"];

impl Fonts {
    fn load() -> anyhow::Result<Self> {
        let mut db = usvg::fontdb::Database::new();
        db.load_system_fonts();
        let has = |name: &str| {
            db.faces()
                .any(|f| f.families.iter().any(|(n, _)| n.eq_ignore_ascii_case(name)))
        };
        let Some(wide) = WIDE_FAMILIES.iter().find(|n| has(n)) else {
            bail!(
                "no CJK font found in the system font directories (looked for {}).\n\
                 Install one, e.g.: apt-get update && apt-get install -y fonts-noto-cjk\n\
                 (or fonts-wqy-microhei), then run this again.",
                WIDE_FAMILIES.join(", ")
            );
        };
        let narrow = NARROW_FAMILIES.iter().find(|n| has(n)).unwrap_or(wide);
        db.set_monospace_family(*narrow);
        db.set_sans_serif_family(*wide);
        let narrow_face = (narrow != wide)
            .then(|| {
                db.query(&usvg::fontdb::Query {
                    families: &[usvg::fontdb::Family::Name(narrow)],
                    ..Default::default()
                })
            })
            .flatten();
        let grid = svg::Grid {
            cell_w: 10,
            cell_h: 21,
            font_size: 16.0,
            baseline: 15.5,
            wide_font_size: 18.0,
            wide_baseline: 17.0,
            narrow_family: format!("'{narrow}', '{wide}'"),
            wide_family: format!("'{wide}', '{narrow}'"),
        };
        Ok(Self {
            db: Arc::new(db),
            grid,
            narrow_face,
            coverage: RefCell::new(HashMap::new()),
        })
    }

    /// Whether the narrow font has a glyph for every character of `sym`.
    fn narrow_has(&self, sym: &str) -> bool {
        sym.chars().all(|c| {
            if c.is_ascii() {
                return true;
            }
            let Some(id) = self.narrow_face else {
                return false;
            };
            *self.coverage.borrow_mut().entry(c).or_insert_with(|| {
                self.db
                    .with_face_data(id, |data, index| {
                        skrifa::FontRef::from_index(data, index)
                            .map(|f| f.charmap().map(c).is_some())
                            .unwrap_or(false)
                    })
                    .unwrap_or(false)
            })
        })
    }

    fn png(&self, svg: &str, path: &Path) -> anyhow::Result<()> {
        let opt = usvg::Options {
            fontdb: self.db.clone(),
            ..Default::default()
        };
        let tree = usvg::Tree::from_str(svg, &opt).context("parse the SVG")?;
        let size = tree.size().to_int_size();
        let mut pixmap = tiny_skia::Pixmap::new(size.width(), size.height())
            .ok_or_else(|| anyhow!("empty picture"))?;
        resvg::render(&tree, tiny_skia::Transform::default(), &mut pixmap.as_mut());
        pixmap
            .save_png(path)
            .with_context(|| format!("write {}", path.display()))?;
        Ok(())
    }
}
