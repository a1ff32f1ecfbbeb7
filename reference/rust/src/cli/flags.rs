//! The part of Go's flag package the exporter uses (`FlagSet.Parse` with
//! ContinueOnError), with its exact error texts: `-flag` and `--flag`,
//! `--flag=value`, a string flag taking the next argument, boolean flags
//! taking only `=value` parsed by `strconv.ParseBool`, `--` ending the
//! flags, and the first non-flag argument ending them too.

use crate::text::quote::quote;

/// A flag's type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    String,
    Bool,
}

/// A parsed flag value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    String(Vec<u8>),
    Bool(bool),
}

/// Why parsing stopped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ParseError {
    /// `-h`, `-help` and their `--` forms (flag.ErrHelp).
    Help,
    /// The error's text, as `err.Error()` gives it.
    Message(Vec<u8>),
}

/// The outcome of a successful parse.
#[derive(Debug, Default)]
pub struct Parsed {
    /// Flags that were set, in the order first set, with their last value.
    set: Vec<(&'static str, Value)>,
    /// The arguments left after the flags.
    pub args: Vec<Vec<u8>>,
}

impl Parsed {
    /// The value of a flag if it was set (`fs.Visit`).
    pub fn get(&self, name: &str) -> Option<&Value> {
        self.set.iter().find(|(n, _)| *n == name).map(|(_, v)| v)
    }

    pub fn is_set(&self, name: &str) -> bool {
        self.get(name).is_some()
    }

    /// How many distinct flags were set.
    pub fn set_count(&self) -> usize {
        self.set.len()
    }

    pub fn string(&self, name: &str) -> Option<&[u8]> {
        match self.get(name) {
            Some(Value::String(s)) => Some(s),
            _ => None,
        }
    }

    pub fn bool(&self, name: &str) -> bool {
        matches!(self.get(name), Some(Value::Bool(true)))
    }

    fn record(&mut self, name: &'static str, value: Value) {
        match self.set.iter_mut().find(|(n, _)| *n == name) {
            Some(slot) => slot.1 = value,
            None => self.set.push((name, value)),
        }
    }
}

/// `strconv.ParseBool`.
pub fn parse_bool(s: &[u8]) -> Option<bool> {
    match s {
        b"1" | b"t" | b"T" | b"TRUE" | b"true" | b"True" => Some(true),
        b"0" | b"f" | b"F" | b"FALSE" | b"false" | b"False" => Some(false),
        _ => None,
    }
}

fn message(parts: &[&[u8]]) -> ParseError {
    ParseError::Message(parts.concat())
}

/// `FlagSet.Parse(args)` over the declared flags.
pub fn parse(flags: &[(&'static str, Kind)], args: &[Vec<u8>]) -> Result<Parsed, ParseError> {
    let mut parsed = Parsed::default();
    let mut rest = args;
    while let Some((s, after)) = rest.split_first() {
        if s.len() < 2 || s[0] != b'-' {
            break;
        }
        let mut minuses = 1;
        if s[1] == b'-' {
            minuses = 2;
            if s.len() == 2 {
                // "--" terminates the flags.
                rest = after;
                break;
            }
        }
        let mut name = &s[minuses..];
        if name.is_empty() || name[0] == b'-' || name[0] == b'=' {
            return Err(message(&[b"bad flag syntax: ", s]));
        }
        rest = after;
        // "=" cannot be first.
        let mut value: Option<&[u8]> = None;
        if let Some(eq) = name.iter().skip(1).position(|&b| b == b'=') {
            value = Some(&name[eq + 2..]);
            name = &name[..eq + 1];
        }
        let Some(&(flag, kind)) = flags.iter().find(|(n, _)| n.as_bytes() == name) else {
            if name == b"help" || name == b"h" {
                return Err(ParseError::Help);
            }
            return Err(message(&[b"flag provided but not defined: -", name]));
        };
        match kind {
            Kind::Bool => {
                let b = match value {
                    Some(v) => parse_bool(v).ok_or_else(|| {
                        message(&[
                            b"invalid boolean value ",
                            &quote(v),
                            b" for -",
                            name,
                            b": parse error",
                        ])
                    })?,
                    None => true,
                };
                parsed.record(flag, Value::Bool(b));
            }
            Kind::String => {
                let v = match value {
                    Some(v) => v.to_vec(),
                    None => match rest.split_first() {
                        Some((next, after)) => {
                            rest = after;
                            next.clone()
                        }
                        None => return Err(message(&[b"flag needs an argument: -", name])),
                    },
                };
                parsed.record(flag, Value::String(v));
            }
        }
    }
    parsed.args = rest.to_vec();
    Ok(parsed)
}

#[cfg(test)]
mod tests {
    use super::*;

    const FLAGS: &[(&str, Kind)] = &[("root", Kind::String), ("dry-run", Kind::Bool)];

    fn p(args: &[&str]) -> Result<Parsed, ParseError> {
        let args: Vec<Vec<u8>> = args.iter().map(|a| a.as_bytes().to_vec()).collect();
        parse(FLAGS, &args)
    }

    fn err(args: &[&str]) -> String {
        match p(args) {
            Err(ParseError::Message(m)) => String::from_utf8(m).unwrap(),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn go_flag_errors() {
        // Texts from Go's flag package.
        assert_eq!(err(&["-x"]), "flag provided but not defined: -x");
        assert_eq!(err(&["--root"]), "flag needs an argument: -root");
        assert_eq!(err(&["---root"]), "bad flag syntax: ---root");
        assert_eq!(err(&["-=x"]), "bad flag syntax: -=x");
        assert_eq!(
            err(&["--dry-run=yes"]),
            "invalid boolean value \"yes\" for -dry-run: parse error"
        );
        assert_eq!(p(&["--help=1"]).unwrap_err(), ParseError::Help);
    }

    #[test]
    fn go_flag_forms() {
        let r = p(&["--root", "--dry-run", "-dry-run=F", "x", "-root=y"]).unwrap();
        assert_eq!(r.string("root"), Some(&b"--dry-run"[..]));
        assert!(!r.bool("dry-run"));
        assert_eq!(r.args, vec![b"x".to_vec(), b"-root=y".to_vec()]);
        let r = p(&["--", "-x"]).unwrap();
        assert_eq!(r.args, vec![b"-x".to_vec()]);
        assert_eq!(r.set_count(), 0);
    }
}
