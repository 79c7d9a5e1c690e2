//! Label selectors (`k8s.io/apimachinery/pkg/labels`): the `labelSelector` query grammar with the parser's exact
//! error messages (LST-05), matching, and conversion of a `metav1.LabelSelector` with its printed form
//! (`FormatLabelSelector`, the Table's Selector column, TBL-03).

use crate::field::go_quote;
use crate::validation::names::{label_value_errors, qualified_name_errors};
use k8s_openapi::apimachinery::pkg::apis::meta::v1 as metav1;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

/// How a requirement relates a label's value to the requirement's values.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Operator {
    /// `k=v`
    Equals,
    /// `k==v`
    DoubleEquals,
    /// `k!=v`: also true when the key is absent.
    NotEquals,
    /// `k in (a,b)`
    In,
    /// `k notin (a,b)`: also true when the key is absent.
    NotIn,
    /// `k`
    Exists,
    /// `!k`
    DoesNotExist,
    /// `k>n`: integer comparison.
    GreaterThan,
    /// `k<n`: integer comparison.
    LessThan,
}

/// One condition of a selector; a selector is the AND of its requirements.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Requirement {
    key: String,
    operator: Operator,
    values: Vec<String>,
}

impl Requirement {
    /// `NewRequirement`: checks the key, the number of values for the operator, integer values for `gt`/`lt`
    /// and every value's label syntax, aggregating the field errors the way apimachinery prints them.
    fn new(key: &str, operator: Operator, values: Vec<String>) -> Result<Self, String> {
        let mut errs = Vec::new();
        errs.extend(key_error("key", key));
        errs.extend(operator_value_errors(operator, &values));
        for (i, value) in values.iter().enumerate() {
            let problems = label_value_errors(value);
            if !problems.is_empty() {
                errs.push(invalid(&format!("values[{i}][{key}]"), value, &problems.join("; ")));
            }
        }
        if errs.is_empty() {
            return Ok(Requirement { key: key.to_string(), operator, values });
        }
        Err(aggregate(errs))
    }

    /// The label key the requirement is about.
    pub fn key(&self) -> &str {
        &self.key
    }

    /// How the label's value is compared.
    pub fn operator(&self) -> Operator {
        self.operator
    }

    /// The values compared against: sorted and distinct when parsed from a query, as given otherwise.
    pub fn values(&self) -> &[String] {
        &self.values
    }

    /// `Requirement.Matches`: `!=` and `notin` match objects without the key; `gt`/`lt` need an integer label.
    pub fn matches(&self, labels: &BTreeMap<String, String>) -> bool {
        let actual = labels.get(&self.key);
        match self.operator {
            Operator::Equals | Operator::DoubleEquals | Operator::In => actual.is_some_and(|v| self.values.contains(v)),
            Operator::NotEquals | Operator::NotIn => actual.is_none_or(|v| !self.values.contains(v)),
            Operator::Exists => actual.is_some(),
            Operator::DoesNotExist => actual.is_none(),
            Operator::GreaterThan | Operator::LessThan => actual.is_some_and(|v| self.compares(v)),
        }
    }

    fn compares(&self, actual: &str) -> bool {
        let (Ok(actual), [wanted]) = (actual.parse::<i64>(), self.values.as_slice()) else {
            return false;
        };
        let Ok(wanted) = wanted.parse::<i64>() else {
            return false;
        };
        match self.operator {
            Operator::GreaterThan => actual > wanted,
            _ => actual < wanted,
        }
    }
}

/// `Requirement.String`: values sorted and comma-joined, `in`/`notin` in parentheses.
impl fmt::Display for Requirement {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (prefix, infix) = match self.operator {
            Operator::Exists => return f.write_str(&self.key),
            Operator::DoesNotExist => return write!(f, "!{}", self.key),
            Operator::Equals => ("", "="),
            Operator::DoubleEquals => ("", "=="),
            Operator::NotEquals => ("", "!="),
            Operator::In => ("(", " in "),
            Operator::NotIn => ("(", " notin "),
            Operator::GreaterThan => ("", ">"),
            Operator::LessThan => ("", "<"),
        };
        let mut values = self.values.clone();
        values.sort();
        let suffix = if prefix.is_empty() { "" } else { ")" };
        write!(f, "{}{infix}{prefix}{}{suffix}", self.key, values.join(","))
    }
}

/// A parsed label selector. The empty selector matches everything.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LabelSelector {
    requirements: Vec<Requirement>,
}

impl LabelSelector {
    /// Requirements sorted by key, as `parse` and `Selector.Add` keep them (a stable sort, so equal keys keep
    /// their input order).
    fn from_requirements(mut requirements: Vec<Requirement>) -> Self {
        requirements.sort_by(|a, b| a.key.cmp(&b.key));
        LabelSelector { requirements }
    }

    /// Whether an object with these labels (`None`: no labels) is selected.
    pub fn matches(&self, labels: Option<&BTreeMap<String, String>>) -> bool {
        let empty = BTreeMap::new();
        let labels = labels.unwrap_or(&empty);
        self.requirements.iter().all(|r| r.matches(labels))
    }

    /// True when the selector restricts nothing (so list pagination may report `remainingItemCount`).
    pub fn is_empty(&self) -> bool {
        self.requirements.is_empty()
    }

    /// The requirements in key order, for callers that inspect a selector (e.g. to index by a label).
    pub fn requirements(&self) -> &[Requirement] {
        &self.requirements
    }
}

/// `Selector.String`: the requirements comma-joined in key order; empty for the empty selector.
impl fmt::Display for LabelSelector {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, requirement) in self.requirements.iter().enumerate() {
            if i > 0 {
                f.write_str(",")?;
            }
            write!(f, "{requirement}")?;
        }
        Ok(())
    }
}

/// Parses a `labelSelector` query value (`labels.Parse`). The error is the parser's message, which the API
/// server returns verbatim in a 400.
pub fn parse(s: &str) -> Result<LabelSelector, String> {
    let requirements = Parser::new(s).parse()?;
    Ok(LabelSelector::from_requirements(requirements))
}

/// `LabelSelectorAsSelector` for a present selector: `matchLabels` become `=` requirements, `matchExpressions`
/// In/NotIn/Exists/DoesNotExist. An empty selector matches everything. (An absent selector matches nothing;
/// callers handle that before calling.)
pub fn from_label_selector(sel: &metav1::LabelSelector) -> Result<LabelSelector, String> {
    let mut requirements = Vec::new();
    for (key, value) in sel.match_labels.iter().flatten() {
        requirements.push(Requirement::new(key, Operator::Equals, vec![value.clone()])?);
    }
    for expr in sel.match_expressions.iter().flatten() {
        let operator = match expr.operator.as_str() {
            "In" => Operator::In,
            "NotIn" => Operator::NotIn,
            "Exists" => Operator::Exists,
            "DoesNotExist" => Operator::DoesNotExist,
            other => return Err(format!("{} is not a valid label selector operator", go_quote(other))),
        };
        requirements.push(Requirement::new(&expr.key, operator, expr.values.clone().unwrap_or_default())?);
    }
    Ok(LabelSelector::from_requirements(requirements))
}

/// `metav1.FormatLabelSelector`: the selector's string form, `<none>` when it restricts nothing and `<error>`
/// when it cannot be converted.
pub fn format(sel: &metav1::LabelSelector) -> String {
    match from_label_selector(sel) {
        Err(_) => "<error>".to_string(),
        Ok(selector) if selector.is_empty() => "<none>".to_string(),
        Ok(selector) => selector.to_string(),
    }
}

/// `field.Invalid(path, value, detail).Error()` for a string value.
fn invalid(path: &str, value: &str, detail: &str) -> String {
    format!("{path}: Invalid value: {}: {detail}", go_quote(value))
}

/// `field.Invalid` with a `[]string` value, which Go prints with `%#v`.
fn invalid_list(path: &str, values: &[String], detail: &str) -> String {
    let rendered = if values.is_empty() {
        "[]string(nil)".to_string()
    } else {
        let quoted: Vec<String> = values.iter().map(|v| go_quote(v)).collect();
        format!("[]string{{{}}}", quoted.join(", "))
    };
    format!("{path}: Invalid value: {rendered}: {detail}")
}

/// `validateLabelKey`: one error joining every qualified-name problem with `; `.
fn key_error(path: &str, key: &str) -> Option<String> {
    let problems = qualified_name_errors(key);
    (!problems.is_empty()).then(|| invalid(path, key, &problems.join("; ")))
}

/// The value-count and integer checks `NewRequirement` makes for each operator.
fn operator_value_errors(operator: Operator, values: &[String]) -> Vec<String> {
    let one_of = |detail: &str| vec![invalid_list("values", values, detail)];
    match operator {
        Operator::In | Operator::NotIn if values.is_empty() => {
            one_of("for 'in', 'notin' operators, values set can't be empty")
        }
        Operator::Equals | Operator::DoubleEquals | Operator::NotEquals if values.len() != 1 => {
            one_of("exact-match compatibility requires one single value")
        }
        Operator::Exists | Operator::DoesNotExist if !values.is_empty() => {
            one_of("values set must be empty for exists and does not exist")
        }
        Operator::GreaterThan | Operator::LessThan => {
            let mut errs = Vec::new();
            if values.len() != 1 {
                errs.extend(one_of("for 'Gt', 'Lt' operators, exactly one value is required"));
            }
            for (i, value) in values.iter().enumerate() {
                if value.parse::<i64>().is_err() {
                    let detail = "for 'Gt', 'Lt' operators, the value must be an integer";
                    errs.push(invalid(&format!("values[{i}]"), value, detail));
                }
            }
            errs
        }
        _ => Vec::new(),
    }
}

/// `utilerrors.NewAggregate(errs).Error()`: one message as is, several deduplicated inside `[...]`.
fn aggregate(errs: Vec<String>) -> String {
    let mut unique: Vec<String> = Vec::new();
    for err in errs {
        if !unique.contains(&err) {
            unique.push(err);
        }
    }
    match unique.as_slice() {
        [only] => only.clone(),
        _ => format!("[{}]", unique.join(", ")),
    }
}

/// Lexer tokens; keywords `in`/`notin` are identifiers where values are expected.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Token {
    Error,
    EndOfString,
    ClosedPar,
    Comma,
    DoesNotExist,
    DoubleEquals,
    Equals,
    GreaterThan,
    Identifier,
    In,
    LessThan,
    NotEquals,
    NotIn,
    OpenPar,
}

fn symbol_token(symbol: &str) -> Option<Token> {
    Some(match symbol {
        ")" => Token::ClosedPar,
        "," => Token::Comma,
        "!" => Token::DoesNotExist,
        "==" => Token::DoubleEquals,
        "=" => Token::Equals,
        ">" => Token::GreaterThan,
        "in" => Token::In,
        "<" => Token::LessThan,
        "!=" => Token::NotEquals,
        "notin" => Token::NotIn,
        "(" => Token::OpenPar,
        _ => return None,
    })
}

fn is_whitespace(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\r' | b'\n')
}

fn is_special_symbol(b: u8) -> bool {
    matches!(b, b'=' | b'!' | b'(' | b')' | b',' | b'>' | b'<')
}

/// The byte-wise lexer of `labels.Lexer`. A NUL byte reads like the end of input, as in Go.
struct Lexer<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl Lexer<'_> {
    fn read(&mut self) -> u8 {
        match self.bytes.get(self.pos) {
            Some(&b) => {
                self.pos += 1;
                b
            }
            None => 0,
        }
    }

    fn unread(&mut self) {
        self.pos = self.pos.saturating_sub(1);
    }

    fn lex(&mut self) -> (Token, String) {
        let mut ch = self.read();
        while is_whitespace(ch) {
            ch = self.read();
        }
        if ch == 0 {
            return (Token::EndOfString, String::new());
        }
        self.unread();
        if is_special_symbol(ch) {
            self.scan_special_symbol()
        } else {
            self.scan_id_or_keyword()
        }
    }

    fn scan_id_or_keyword(&mut self) -> (Token, String) {
        let mut buffer = Vec::new();
        loop {
            let ch = self.read();
            if ch == 0 {
                break;
            }
            if is_special_symbol(ch) || is_whitespace(ch) {
                self.unread();
                break;
            }
            buffer.push(ch);
        }
        let literal = String::from_utf8_lossy(&buffer).into_owned();
        (symbol_token(&literal).unwrap_or(Token::Identifier), literal)
    }

    /// The longest run of special symbols that still forms an operator (`!=`, `==`, ...).
    fn scan_special_symbol(&mut self) -> (Token, String) {
        let mut buffer = String::new();
        let mut last: Option<(Token, String)> = None;
        loop {
            let ch = self.read();
            if ch == 0 {
                break;
            }
            if !is_special_symbol(ch) {
                self.unread();
                break;
            }
            buffer.push(char::from(ch));
            if let Some(token) = symbol_token(&buffer) {
                last = Some((token, buffer.clone()));
            } else if last.is_some() {
                self.unread();
                break;
            }
        }
        last.unwrap_or_else(|| (Token::Error, format!("error expected: keyword found '{buffer}'")))
    }
}

/// Whether `in`/`notin` are keywords (after a key) or plain identifiers (everywhere else).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Context {
    KeyAndOperator,
    Values,
}

/// The recursive-descent parser of `labels.Parser`, over the whole token list scanned up front.
struct Parser {
    items: Vec<(Token, String)>,
    position: usize,
}

impl Parser {
    fn new(s: &str) -> Self {
        let mut lexer = Lexer { bytes: s.as_bytes(), pos: 0 };
        let mut items = Vec::new();
        loop {
            let item = lexer.lex();
            let end = item.0 == Token::EndOfString;
            items.push(item);
            if end {
                break;
            }
        }
        Parser { items, position: 0 }
    }

    fn lookahead(&self, context: Context) -> (Token, String) {
        let (token, literal) = self.items.get(self.position).cloned().unwrap_or((Token::EndOfString, String::new()));
        match (context, token) {
            (Context::Values, Token::In | Token::NotIn) => (Token::Identifier, literal),
            _ => (token, literal),
        }
    }

    fn consume(&mut self, context: Context) -> (Token, String) {
        let item = self.lookahead(context);
        self.position += 1;
        item
    }

    fn parse(&mut self) -> Result<Vec<Requirement>, String> {
        let mut requirements = Vec::new();
        loop {
            let (token, literal) = self.lookahead(Context::Values);
            match token {
                Token::Identifier | Token::DoesNotExist => {
                    let requirement =
                        self.parse_requirement().map_err(|e| format!("unable to parse requirement: {e}"))?;
                    requirements.push(requirement);
                    let (token, literal) = self.consume(Context::Values);
                    match token {
                        Token::EndOfString => return Ok(requirements),
                        Token::Comma => self.expect_requirement_after_comma()?,
                        _ => return Err(format!("found '{literal}', expected: ',' or 'end of string'")),
                    }
                }
                Token::EndOfString => return Ok(requirements),
                _ => return Err(format!("found '{literal}', expected: !, identifier, or 'end of string'")),
            }
        }
    }

    fn expect_requirement_after_comma(&self) -> Result<(), String> {
        match self.lookahead(Context::Values) {
            (Token::Identifier | Token::DoesNotExist, _) => Ok(()),
            (_, literal) => Err(format!("found '{literal}', expected: identifier after ','")),
        }
    }

    fn parse_requirement(&mut self) -> Result<Requirement, String> {
        let (key, operator) = self.parse_key_and_infer_operator()?;
        if let Some(operator @ (Operator::Exists | Operator::DoesNotExist)) = operator {
            return Requirement::new(&key, operator, Vec::new());
        }
        let operator = self.parse_operator()?;
        let values = match operator {
            Operator::In | Operator::NotIn => self.parse_values()?,
            _ => self.parse_exact_value()?,
        };
        Requirement::new(&key, operator, values.into_iter().collect())
    }

    /// The key, with `!` before it or nothing after it (end or `,`) meaning does-not-exist / exists.
    fn parse_key_and_infer_operator(&mut self) -> Result<(String, Option<Operator>), String> {
        let mut operator = None;
        let (mut token, mut literal) = self.consume(Context::Values);
        if token == Token::DoesNotExist {
            operator = Some(Operator::DoesNotExist);
            (token, literal) = self.consume(Context::Values);
        }
        if token != Token::Identifier {
            return Err(format!("found '{literal}', expected: identifier"));
        }
        if let Some(err) = key_error("<nil>", &literal) {
            return Err(err);
        }
        let (next, _) = self.lookahead(Context::Values);
        if matches!(next, Token::EndOfString | Token::Comma) && operator.is_none() {
            operator = Some(Operator::Exists);
        }
        Ok((literal, operator))
    }

    fn parse_operator(&mut self) -> Result<Operator, String> {
        let (token, literal) = self.consume(Context::KeyAndOperator);
        Ok(match token {
            Token::In => Operator::In,
            Token::Equals => Operator::Equals,
            Token::DoubleEquals => Operator::DoubleEquals,
            Token::GreaterThan => Operator::GreaterThan,
            Token::LessThan => Operator::LessThan,
            Token::NotIn => Operator::NotIn,
            Token::NotEquals => Operator::NotEquals,
            _ => return Err(format!("found '{literal}', expected: in, notin, =, ==, !=, gt, lt")),
        })
    }

    /// `(v1,v2,...)`; `()` is the set holding the empty string.
    fn parse_values(&mut self) -> Result<BTreeSet<String>, String> {
        let (token, literal) = self.consume(Context::Values);
        if token != Token::OpenPar {
            return Err(format!("found '{literal}' expected: '('"));
        }
        let (token, literal) = self.lookahead(Context::Values);
        match token {
            Token::Identifier | Token::Comma => {
                let values = self.parse_identifiers_list()?;
                if self.consume(Context::Values).0 != Token::ClosedPar {
                    return Err(format!("found '{literal}', expected: ')'"));
                }
                Ok(values)
            }
            Token::ClosedPar => {
                self.consume(Context::Values);
                Ok(BTreeSet::from([String::new()]))
            }
            _ => Err(format!("found '{literal}', expected: ',', ')' or identifier")),
        }
    }

    /// Comma-separated, possibly empty identifiers up to (not including) `)`.
    fn parse_identifiers_list(&mut self) -> Result<BTreeSet<String>, String> {
        let mut values = BTreeSet::new();
        loop {
            let (token, literal) = self.consume(Context::Values);
            match token {
                Token::Identifier => {
                    values.insert(literal);
                    match self.lookahead(Context::Values) {
                        (Token::Comma, _) => continue,
                        (Token::ClosedPar, _) => return Ok(values),
                        (_, next) => return Err(format!("found '{next}', expected: ',' or ')'")),
                    }
                }
                Token::Comma => {
                    if values.is_empty() {
                        values.insert(String::new());
                    }
                    match self.lookahead(Context::Values).0 {
                        Token::ClosedPar => {
                            values.insert(String::new());
                            return Ok(values);
                        }
                        Token::Comma => {
                            values.insert(String::new());
                        }
                        _ => {}
                    }
                }
                _ => return Err(format!("found '{literal}', expected: ',', or identifier")),
            }
        }
    }

    /// The single value after `=`, `==`, `!=`, `>` or `<`; nothing before the end or `,` is the empty string.
    fn parse_exact_value(&mut self) -> Result<BTreeSet<String>, String> {
        if matches!(self.lookahead(Context::Values).0, Token::EndOfString | Token::Comma) {
            return Ok(BTreeSet::from([String::new()]));
        }
        match self.consume(Context::Values) {
            (Token::Identifier, literal) => Ok(BTreeSet::from([literal])),
            (_, literal) => Err(format!("found '{literal}', expected: identifier")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use k8s_openapi::apimachinery::pkg::apis::meta::v1::LabelSelectorRequirement;

    const KEY_RULE: &str = "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and \
        end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for \
        validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
    const VALUE_RULE: &str = "a valid label must be an empty string or consist of alphanumeric characters, '-', \
        '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or \
        '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";

    fn labels(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
    }

    fn err(s: &str) -> String {
        parse(s).err().unwrap_or_else(|| format!("<{s} parsed>"))
    }

    fn selects(selector: &str, pairs: &[(&str, &str)]) -> bool {
        parse(selector).map(|s| s.matches(Some(&labels(pairs)))).unwrap_or_else(|e| panic!("{selector}: {e}"))
    }

    fn expr(key: &str, operator: &str, values: &[&str]) -> LabelSelectorRequirement {
        let values = Some(values.iter().map(|v| v.to_string()).collect());
        LabelSelectorRequirement { key: key.into(), operator: operator.into(), values }
    }

    #[test]
    fn lst_05_parse_error_messages() {
        assert_eq!(err("=x"), "found '=', expected: !, identifier, or 'end of string'");
        assert_eq!(err("a=b=c"), "found '=', expected: ',' or 'end of string'");
        assert_eq!(err("a b"), "unable to parse requirement: found 'b', expected: in, notin, =, ==, !=, gt, lt");
        assert_eq!(err("a,"), "found '', expected: identifier after ','");
        assert_eq!(err("!"), "unable to parse requirement: found '', expected: identifier");
        assert_eq!(err("a in b"), "unable to parse requirement: found 'b' expected: '('");
        assert_eq!(err("a in (b"), "unable to parse requirement: found '', expected: ',' or ')'");
        assert_eq!(err("a in (="), "unable to parse requirement: found '=', expected: ',', ')' or identifier");
        assert_eq!(err("a in (b,="), "unable to parse requirement: found '=', expected: ',', or identifier");
        assert_eq!(err("a=("), "unable to parse requirement: found '(', expected: identifier");
        assert_eq!(err("!a=b"), "found '=', expected: ',' or 'end of string'");
        assert_eq!(err("a gt 1"), "unable to parse requirement: found 'gt', expected: in, notin, =, ==, !=, gt, lt");
    }

    #[test]
    fn lst_05_key_and_value_validation_errors() {
        assert_eq!(err("-a=b"), format!("unable to parse requirement: <nil>: Invalid value: \"-a\": {KEY_RULE}"));
        assert_eq!(
            err("a=-b"),
            format!("unable to parse requirement: values[0][a]: Invalid value: \"-b\": {VALUE_RULE}")
        );
        assert_eq!(
            err("a in (x,-z,-y)"),
            format!(
                "unable to parse requirement: [values[0][a]: Invalid value: \"-y\": {VALUE_RULE}, \
                 values[1][a]: Invalid value: \"-z\": {VALUE_RULE}]"
            )
        );
        let long = "v".repeat(64);
        assert_eq!(
            err(&format!("a={long}")),
            format!("unable to parse requirement: values[0][a]: Invalid value: \"{long}\": must be no more than 63 characters")
        );
        assert_eq!(
            err("a>b"),
            "unable to parse requirement: values[0]: Invalid value: \"b\": for 'Gt', 'Lt' operators, the value must be an integer"
        );
        assert_eq!(
            err("a<-1"),
            format!("unable to parse requirement: values[0][a]: Invalid value: \"-1\": {VALUE_RULE}")
        );
    }

    #[test]
    fn lst_05_grammar_and_whitespace() {
        let sel = parse(" b in ( y , x ) ,  a!=1,c notin (),!d,e,f==2,g>3,h<4 ").unwrap();
        assert_eq!(sel.to_string(), "a!=1,b in (x,y),c notin (),!d,e,f==2,g>3,h<4");
        assert_eq!(parse("x in (in,notin)").unwrap().to_string(), "x in (in,notin)");
        assert_eq!(parse("a=,b in (,)").unwrap().to_string(), "a=,b in ()");
        assert_eq!(parse("a=b \0garbage").unwrap().to_string(), "a=b");
        assert_eq!(err("a=b\0garbage"), "found 'garbage', expected: ',' or 'end of string'");
        assert!(parse("").unwrap().is_empty());
        assert!(parse("  ").unwrap().matches(None));
        assert!(!parse("a").unwrap().is_empty());
    }

    #[test]
    fn lst_05_equality_matching() {
        assert!(selects("app=web", &[("app", "web")]));
        assert!(selects("app==web", &[("app", "web")]));
        assert!(!selects("app=web", &[("app", "db")]));
        assert!(!selects("app=web", &[]));
        assert!(selects("app=", &[("app", "")]));
        assert!(selects("app=web,tier=fe", &[("app", "web"), ("tier", "fe")]));
        assert!(!selects("app=web,tier=fe", &[("app", "web"), ("tier", "be")]));
    }

    #[test]
    fn lst_05_negative_operators_match_objects_without_the_key() {
        assert!(selects("app!=web", &[]));
        assert!(selects("app!=web", &[("app", "db")]));
        assert!(!selects("app!=web", &[("app", "web")]));
        assert!(selects("app notin (web,db)", &[("other", "x")]));
        assert!(!selects("app notin (web,db)", &[("app", "db")]));
        assert!(parse("app!=web").unwrap().matches(None));
    }

    #[test]
    fn lst_05_set_existence_and_integer_matching() {
        assert!(selects("app in (web,db)", &[("app", "db")]));
        assert!(!selects("app in (web,db)", &[]));
        assert!(selects("app", &[("app", "")]));
        assert!(!selects("app", &[]));
        assert!(selects("!app", &[("x", "y")]));
        assert!(!selects("!app", &[("app", "web")]));
        assert!(selects("n>5", &[("n", "6")]));
        assert!(!selects("n>5", &[("n", "5")]));
        assert!(!selects("n>5", &[("n", "six")]));
        assert!(!selects("n>5", &[]));
        assert!(selects("n<5", &[("n", "-3")]));
        assert!(!selects("n<5", &[("n", "5")]));
    }

    #[test]
    fn tbl_03_format_label_selector() {
        let sel = metav1::LabelSelector {
            match_labels: Some(labels(&[("b", "2"), ("a", "1")])),
            match_expressions: Some(vec![
                expr("z", "In", &["y", "x"]),
                expr("c", "NotIn", &["v"]),
                expr("d", "Exists", &[]),
                expr("b", "DoesNotExist", &[]),
            ]),
        };
        assert_eq!(format(&sel), "a=1,b=2,!b,c notin (v),d,z in (x,y)");
        assert_eq!(format(&metav1::LabelSelector::default()), "<none>");
        let empty_lists =
            metav1::LabelSelector { match_labels: Some(BTreeMap::new()), match_expressions: Some(vec![]) };
        assert_eq!(format(&empty_lists), "<none>");
        let bad = metav1::LabelSelector { match_expressions: Some(vec![expr("a", "In", &[])]), ..Default::default() };
        assert_eq!(format(&bad), "<error>");
    }

    #[test]
    fn val_08_from_label_selector_errors_and_matching() {
        let bad_op =
            metav1::LabelSelector { match_expressions: Some(vec![expr("a", "Like", &[])]), ..Default::default() };
        assert_eq!(from_label_selector(&bad_op).unwrap_err(), "\"Like\" is not a valid label selector operator");
        let empty_in =
            metav1::LabelSelector { match_expressions: Some(vec![expr("a", "In", &[])]), ..Default::default() };
        assert_eq!(
            from_label_selector(&empty_in).unwrap_err(),
            "values: Invalid value: []string(nil): for 'in', 'notin' operators, values set can't be empty"
        );
        let exists_with_values = metav1::LabelSelector {
            match_expressions: Some(vec![expr("a", "Exists", &["x", "y"])]),
            ..Default::default()
        };
        assert_eq!(
            from_label_selector(&exists_with_values).unwrap_err(),
            "values: Invalid value: []string{\"x\", \"y\"}: values set must be empty for exists and does not exist"
        );
        let bad_label = metav1::LabelSelector { match_labels: Some(labels(&[("-k", "-v")])), ..Default::default() };
        assert_eq!(
            from_label_selector(&bad_label).unwrap_err(),
            format!("[key: Invalid value: \"-k\": {KEY_RULE}, values[0][-k]: Invalid value: \"-v\": {VALUE_RULE}]")
        );
        let sel = metav1::LabelSelector {
            match_labels: Some(labels(&[("app", "web")])),
            match_expressions: Some(vec![expr("tier", "NotIn", &["db"])]),
        };
        let sel = from_label_selector(&sel).unwrap();
        assert!(sel.matches(Some(&labels(&[("app", "web")]))));
        assert!(!sel.matches(Some(&labels(&[("app", "web"), ("tier", "db")]))));
        assert!(from_label_selector(&metav1::LabelSelector::default()).unwrap().matches(None));
    }
}
