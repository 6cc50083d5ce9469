//! The office's own keys: `[keys]` in `config.toml` rebinds actions by name, e.g.
//!
//! ```toml
//! [keys]
//! call_next = "F12"
//! save_case = "Ctrl-Enter"
//! ```
//!
//! An action's first key in each screen where it is bound is replaced; other keys stay. Any
//! unknown name, unreadable key or clash is reported at start, all at once, so the app never
//! runs with a key that silently does something else.

use super::{Action, Binding, Context, KeyCombo, Keymap};
use ratatui::crossterm::event::{KeyCode, KeyModifiers};
use std::collections::BTreeMap;

impl Action {
    /// The name used in `config.toml`: `NewCase` → `new_case`, `TakeTicket('V')` →
    /// `take_ticket_v`.
    pub fn id(self) -> String {
        if let Action::TakeTicket(c) = self {
            return format!("take_ticket_{}", c.to_ascii_lowercase());
        }
        let mut out = String::new();
        for (i, ch) in format!("{self:?}").chars().enumerate() {
            if ch.is_ascii_uppercase() {
                if i > 0 {
                    out.push('_');
                }
                out.push(ch.to_ascii_lowercase());
            } else {
                out.push(ch);
            }
        }
        out
    }
}

impl KeyCombo {
    /// Reads a key as the help writes it: `F5`, `Ctrl-S`, `Alt-X`, `Esc`, `Enter`, `Tab`,
    /// `Shift-Tab`, `↑`/`Up`, `PgDn`, `a`…
    pub fn parse(text: &str) -> Option<KeyCombo> {
        let mut mods = KeyModifiers::NONE;
        let mut rest = text.trim();
        loop {
            let lower = rest.to_ascii_lowercase();
            if let Some(r) = lower.strip_prefix("ctrl-").or(lower.strip_prefix("ctrl+")) {
                mods |= KeyModifiers::CONTROL;
                rest = &rest[rest.len() - r.len()..];
            } else if let Some(r) = lower.strip_prefix("alt-").or(lower.strip_prefix("alt+")) {
                mods |= KeyModifiers::ALT;
                rest = &rest[rest.len() - r.len()..];
            } else {
                break;
            }
        }
        let code = match rest.to_ascii_lowercase().as_str() {
            "esc" | "escape" => KeyCode::Esc,
            "enter" | "return" => KeyCode::Enter,
            "tab" => KeyCode::Tab,
            "shift-tab" | "shift+tab" | "backtab" => KeyCode::BackTab,
            "up" | "↑" => KeyCode::Up,
            "down" | "↓" => KeyCode::Down,
            "left" | "←" => KeyCode::Left,
            "right" | "→" => KeyCode::Right,
            "pgup" | "pageup" => KeyCode::PageUp,
            "pgdn" | "pagedown" => KeyCode::PageDown,
            "home" => KeyCode::Home,
            "end" => KeyCode::End,
            "delete" | "del" => KeyCode::Delete,
            "insert" | "ins" => KeyCode::Insert,
            f if f.len() >= 2 && f.starts_with('f') => {
                let n: u8 = f[1..].parse().ok()?;
                if !(1..=12).contains(&n) {
                    return None;
                }
                KeyCode::F(n)
            }
            _ => {
                let mut chars = rest.chars();
                let c = chars.next()?;
                if chars.next().is_some() || c.is_control() || c == ' ' {
                    return None;
                }
                KeyCode::Char(c.to_ascii_lowercase())
            }
        };
        Some(KeyCombo { code, mods })
    }
}

/// Screens where keys are typed as text: a plain letter there cannot be a command.
const TYPING: [Context; 6] = [
    Context::Global,
    Context::Register,
    Context::CaseList,
    Context::StepForm,
    Context::Login,
    Context::QueuePrompt,
];

impl Keymap {
    /// The default keymap with `overrides` (action name → key) applied; every problem, in
    /// Chinese, when some cannot be.
    pub fn customized(overrides: &BTreeMap<String, String>) -> Result<Keymap, Vec<String>> {
        let mut km = Keymap::default();
        let mut errors = Vec::new();
        let mut changed: Vec<usize> = Vec::new();
        for (name, key_text) in overrides {
            let found: Vec<usize> = (0..km.bindings.len())
                .filter(|&i| km.bindings[i].action.id() == *name)
                .collect();
            if found.is_empty() {
                errors.push(format!(
                    "[keys] 中的“{name}”不是操作名（操作名见 README 的“按键”一节）"
                ));
                continue;
            }
            let Some(key) = KeyCombo::parse(key_text) else {
                errors.push(format!(
                    "[keys] {name} = \"{key_text}\"：无法识别的按键（写法如 F5、Ctrl-S、Esc）"
                ));
                continue;
            };
            let plain_char = matches!(key.code, KeyCode::Char(_)) && key.mods.is_empty();
            let mut seen: Vec<Context> = Vec::new();
            for i in found {
                let b = km.bindings[i];
                if seen.contains(&b.context) {
                    continue; // only the first key of the action in each screen
                }
                seen.push(b.context);
                if plain_char && TYPING.contains(&b.context) {
                    errors.push(format!(
                        "[keys] {name} = \"{key_text}\"：在“{}”中单个字母会被当作输入的文字，请用 F 键或 Ctrl-键",
                        b.context.title()
                    ));
                    continue;
                }
                km.bindings[i].key = key;
                changed.push(i);
            }
        }
        errors.extend(clashes(&km.bindings, &Keymap::default().bindings, &changed));
        if errors.is_empty() {
            Ok(km)
        } else {
            Err(errors)
        }
    }
}

impl Keymap {
    /// Every screen's keys as text: key, action name (for `[keys]`), description.
    pub fn listing(&self) -> String {
        use unicode_width::UnicodeWidthStr;
        let mut out = String::new();
        let mut contexts: Vec<Context> = Vec::new();
        for b in &self.bindings {
            if !contexts.contains(&b.context) {
                contexts.push(b.context);
            }
        }
        for ctx in contexts {
            out.push_str(&format!("【{}】\n", ctx.title()));
            for b in self.bindings.iter().filter(|b| b.context == ctx) {
                let key = b.key.to_string();
                let pad = 12usize.saturating_sub(key.width());
                out.push_str(&format!(
                    "  {key}{}{:<16} {}\n",
                    " ".repeat(pad),
                    b.action.id(),
                    b.action.describe()
                ));
            }
        }
        out
    }
}

/// A changed binding whose key another action already uses in the same screen, or that a
/// screen's own binding would hide (or hide a global one). Pairs that share a key in the
/// default keymap on purpose (F6 is 并入旧案 in the form, 期限 elsewhere) are not clashes.
fn clashes(bindings: &[Binding], default: &[Binding], changed: &[usize]) -> Vec<String> {
    let mut out = Vec::new();
    for &i in changed {
        let b = bindings[i];
        for (j, o) in bindings.iter().enumerate() {
            if j == i || o.key != b.key || o.action == b.action || default[i].key == default[j].key
            {
                continue;
            }
            let same = o.context == b.context;
            let hides = (b.context == Context::Global) != (o.context == Context::Global);
            // Report each pair of changed bindings once.
            if (same || hides) && !(changed.contains(&j) && j < i) {
                let (g, s) = if o.context == Context::Global {
                    (*o, b)
                } else {
                    (b, *o)
                };
                let screen = if same { b.context } else { s.context };
                out.push(format!(
                    "按键 {} 在“{}”中同时用于“{}”和“{}”",
                    b.key,
                    screen.title(),
                    g.action.short(),
                    s.action.short()
                ));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::crossterm::event::KeyEvent;

    fn map(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs
            .iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect()
    }

    #[test]
    fn names_and_keys_read_as_written() {
        assert_eq!(Action::NewCase.id(), "new_case");
        assert_eq!(Action::TakeTicket('V').id(), "take_ticket_v");
        assert_eq!(Action::ExportExcel.id(), "export_excel");
        for text in [
            "F5",
            "Ctrl-S",
            "Alt-X",
            "Esc",
            "Shift-Tab",
            "↑",
            "PgDn",
            "a",
            "F12",
        ] {
            let k = KeyCombo::parse(text).unwrap();
            // What the help prints reads back as the same key.
            assert_eq!(KeyCombo::parse(&k.to_string()), Some(k), "{text}");
        }
        assert_eq!(KeyCombo::parse("ctrl+s"), KeyCombo::parse("Ctrl-S"));
        for bad in ["", "F13", "F0", "Ctrl-", "ab", "空 格"] {
            assert_eq!(KeyCombo::parse(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn a_rebound_action_answers_its_new_key_everywhere_it_was_bound() {
        let km = Keymap::customized(&map(&[("call_next", "F12")])).unwrap();
        let f12 = KeyEvent::new(KeyCode::F(12), KeyModifiers::NONE);
        let f5 = KeyEvent::new(KeyCode::F(5), KeyModifiers::NONE);
        for ctx in [Context::Home, Context::Queue] {
            assert_eq!(km.resolve(ctx, &f12), Some(Action::CallNext));
            assert_eq!(km.resolve(ctx, &f5), None);
        }
        assert!(km
            .bar(Context::Home)
            .contains(&("F12".to_string(), "叫下一位")));
    }

    #[test]
    fn every_default_binding_can_be_named() {
        let km = Keymap::default();
        let all: BTreeMap<String, String> = km
            .all()
            .iter()
            .map(|b| (b.action.id(), b.key.to_string()))
            .collect();
        // Rebinding every action to the key it has is no change and no clash.
        let again = Keymap::customized(&all);
        assert!(again.is_ok(), "{again:?}");
    }

    #[test]
    fn problems_are_all_reported_at_once() {
        let errs = Keymap::customized(&map(&[
            ("new_cas", "F2"),
            ("save_case", "Ctrl-"),
            ("case_list", "F4"),
            ("home", "x"),
        ]))
        .unwrap_err();
        assert_eq!(errs.len(), 4, "{errs:#?}");
        assert!(
            errs.iter().any(|e| e.contains("“new_cas”不是操作名")),
            "{errs:#?}"
        );
        assert!(
            errs.iter().any(|e| e.contains("Ctrl-\"：无法识别")),
            "{errs:#?}"
        );
        assert!(
            errs.iter()
                .any(|e| e.contains("单个字母会被当作输入的文字")),
            "{errs:#?}"
        );
        assert!(
            errs.iter()
                .any(|e| e.contains("按键 F4 在“全局”中同时用于")),
            "{errs:#?}"
        );
    }

    #[test]
    fn listing_names_every_binding() {
        let km = Keymap::default();
        let text = km.listing();
        assert!(text.contains("【全局】"), "{text}");
        assert!(text.contains("  F2          new_case"), "{text}");
        assert!(text.contains("  ↑           period_prev"), "{text}");
        assert_eq!(
            text.lines().filter(|l| l.starts_with("  ")).count(),
            km.all().len()
        );
    }

    #[test]
    fn a_global_key_hidden_by_a_screen_is_a_clash() {
        // F8 is 办理 in the case view: a global F8 would never reach it there.
        let errs = Keymap::customized(&map(&[("new_case", "F8")])).unwrap_err();
        assert_eq!(errs.len(), 1, "{errs:#?}");
        assert!(
            errs[0].contains("在“案件详情”中同时用于“登记”和“办理”"),
            "{errs:#?}"
        );
    }
}
