//! Python's dict: insertion-ordered, keyed by Python equality (`1`, `1.0`
//! and `True` are one key), hashing like CPython where it shows (ints
//! hash to themselves, an integral float like its int).
//!
//! Keys are the builtin hashable values (None, bools, numbers, strings,
//! tuples of hashables) and objects by identity. A class's own `__eq__`
//! and `__hash__` are not consulted for dict keys and set members (a
//! documented difference); lists, dicts and sets are unhashable.

use crate::vm::trap::TrapKind;
use crate::vm::value::Value;
use hashbrown::HashTable;
use parking_lot::Mutex;
use std::hash::Hasher;

/// A dict object: the map behind its lock.
#[derive(Debug, Default)]
pub struct Dict {
    /// The entries. Lock only for one primitive operation.
    pub map: Mutex<DictMap>,
    /// Which thread touches it (free mode's costs).
    pub owner: crate::vm::owner::Owner,
}

impl Dict {
    /// A new dict value holding `map`.
    pub fn value(map: DictMap) -> Value {
        Value::Dict(std::sync::Arc::new(Dict {
            map: Mutex::new(map),
            owner: Default::default(),
        }))
    }
}

/// The ordered map.
#[derive(Debug, Default, Clone)]
pub struct DictMap {
    // invariant: `index` holds exactly the positions of the `Some` entries,
    // each under its key's hash.
    entries: Vec<Option<(Value, Value, u64)>>,
    index: HashTable<u32>,
    live: usize,
}

/// Python's hash of a hashable value; `Err` for an unhashable one.
pub fn hash(v: &Value) -> Result<u64, TrapKind> {
    Ok(match v {
        Value::None => 0xfc_a86b_7d3f,
        Value::Bool(b) => *b as u64,
        Value::Int(i) => *i as u64,
        Value::Float(f) => {
            if f.fract() == 0.0 && f.abs() < 9.2e18 {
                *f as i64 as u64
            } else {
                f.to_bits().wrapping_mul(0x9e37_79b9_7f4a_7c15)
            }
        }
        Value::Str(s) => {
            let mut h = Fnv::default();
            h.write(s.as_bytes());
            h.finish()
        }
        Value::Tuple(t) => {
            let mut acc: u64 = 0x345678;
            for x in t.iter() {
                acc = (acc ^ hash(x)?).wrapping_mul(1_000_003);
            }
            acc ^ t.len() as u64
        }
        Value::List(_) | Value::Dict(_) => return Err(unhashable(v)),
        Value::Instance(_) if crate::vm::builtins::dataclass::frozen_fields(v).is_some() => {
            let f = crate::vm::builtins::dataclass::frozen_fields(v).unwrap_or_default();
            hash(&Value::tuple(f))?
        }
        Value::Obj(o) => match &**o {
            crate::vm::object::Object::Set { frozen: false, .. } => return Err(unhashable(v)),
            crate::vm::object::Object::Set { map, frozen: true } => {
                let m = map.map.lock();
                let mut acc: u64 = 0x1234_5678;
                for (k, _) in m.iter() {
                    acc ^= hash(k)?.wrapping_mul(0x9e37_79b9_7f4a_7c15);
                }
                acc
            }
            // A bound method hashes by its receiver's identity and its
            // function, as it compares.
            crate::vm::object::Object::Bound { obj, func } => {
                (obj.identity() ^ func.identity().rotate_left(17))
                    .wrapping_mul(0x9e37_79b9_7f4a_7c15)
                    >> 4
            }
            // (A builtin's receiver may be a str, equal by content: only
            // the method is hashed.)
            crate::vm::object::Object::NativeBound { func, .. } => {
                (*func as *const crate::vm::native::NativeFn as u64)
                    .wrapping_mul(0x9e37_79b9_7f4a_7c15)
                    >> 4
            }
            _ => v.identity().wrapping_mul(0x9e37_79b9_7f4a_7c15) >> 4,
        },
        other => other.identity().wrapping_mul(0x9e37_79b9_7f4a_7c15) >> 4,
    })
}

fn unhashable(v: &Value) -> TrapKind {
    TrapKind::Type(format!("unhashable type: '{}'", v.type_name()))
}

/// FNV-1a: small and fast for short strings.
struct Fnv(u64);

impl Default for Fnv {
    fn default() -> Self {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
}

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 ^= *b as u64;
            self.0 = self.0.wrapping_mul(0x100_0000_01b3);
        }
    }
}

/// Key equality without user code: numbers by value across int, float and
/// bool, strings and tuples by content, everything else by identity.
pub fn key_eq(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Str(x), Value::Str(y)) => x == y,
        (Value::Int(x), Value::Int(y)) => x == y,
        (Value::Tuple(x), Value::Tuple(y)) => {
            x.len() == y.len() && x.iter().zip(y.iter()).all(|(p, q)| key_eq(p, q))
        }
        (
            Value::Int(_) | Value::Float(_) | Value::Bool(_),
            Value::Int(_) | Value::Float(_) | Value::Bool(_),
        ) => crate::vm::ops::compare(crate::bytecode::CmpOp::Eq, a, b).unwrap_or(false),
        (Value::Instance(_), Value::Instance(_)) => {
            use crate::vm::builtins::dataclass::frozen_fields;
            match (frozen_fields(a), frozen_fields(b)) {
                (Some(p), Some(q)) => {
                    matches!((a, b), (Value::Instance(x), Value::Instance(y)) if std::sync::Arc::ptr_eq(&x.class, &y.class))
                        && key_eq(&Value::tuple(p), &Value::tuple(q))
                }
                _ => a.is(b),
            }
        }
        (Value::Obj(x), Value::Obj(y)) => {
            use crate::vm::object::Object;
            match (&**x, &**y) {
                (Object::Set { map: p, .. }, Object::Set { map: q, .. }) => {
                    std::sync::Arc::ptr_eq(x, y) || {
                        let p = p.map.lock().clone();
                        let q = q.map.lock().clone();
                        p.len() == q.len() && p.keys().all(|k| q.contains(k).unwrap_or(false))
                    }
                }
                _ => a.is(b) || crate::vm::ops::same_method(a, b),
            }
        }
        _ => a.is(b),
    }
}

impl DictMap {
    /// Number of entries.
    pub fn len(&self) -> usize {
        self.live
    }

    /// True when empty.
    pub fn is_empty(&self) -> bool {
        self.live == 0
    }

    fn find(&self, h: u64, k: &Value) -> Option<u32> {
        self.index
            .find(h, |&i| {
                matches!(&self.entries[i as usize], Some((ek, _, eh)) if *eh == h && key_eq(ek, k))
            })
            .copied()
    }

    /// The value under `k`.
    pub fn get(&self, k: &Value) -> Result<Option<&Value>, TrapKind> {
        let h = hash(k)?;
        Ok(self
            .find(h, k)
            .and_then(|i| self.entries[i as usize].as_ref().map(|(_, v, _)| v)))
    }

    /// True if `k` is a key.
    pub fn contains(&self, k: &Value) -> Result<bool, TrapKind> {
        let h = hash(k)?;
        Ok(self.find(h, k).is_some())
    }

    /// Sets `k` to `v` (a new key goes last; an existing one keeps its place).
    pub fn insert(&mut self, k: Value, v: Value) -> Result<Option<Value>, TrapKind> {
        let h = hash(&k)?;
        if let Some(i) = self.find(h, &k) {
            let e = self.entries[i as usize]
                .as_mut()
                .expect("indexed entry is live");
            return Ok(Some(std::mem::replace(&mut e.1, v)));
        }
        if self.entries.len() >= u32::MAX as usize {
            return Err(TrapKind::Memory("dict too large"));
        }
        let i = self.entries.len() as u32;
        self.entries.push(Some((k, v, h)));
        let entries = &self.entries;
        self.index.insert_unique(h, i, |&j| {
            entries[j as usize].as_ref().map_or(0, |(_, _, eh)| *eh)
        });
        self.live += 1;
        Ok(None)
    }

    /// Removes `k`, returning its value.
    pub fn remove(&mut self, k: &Value) -> Result<Option<Value>, TrapKind> {
        let h = hash(k)?;
        let entries = &self.entries;
        let found = self.index.find_entry(
            h,
            |&i| matches!(&entries[i as usize], Some((ek, _, eh)) if *eh == h && key_eq(ek, k)),
        );
        let Ok(entry) = found else { return Ok(None) };
        let (i, _) = entry.remove();
        let old = self.entries[i as usize].take().map(|(_, v, _)| v);
        self.live -= 1;
        if self.entries.len() > 32 && self.live * 2 < self.entries.len() {
            self.compact();
        }
        Ok(old)
    }

    /// Removes and returns the last entry (`popitem`).
    pub fn pop_last(&mut self) -> Option<(Value, Value)> {
        let k = self
            .entries
            .iter()
            .rev()
            .find_map(|e| e.as_ref())?
            .0
            .clone();
        let v = self.remove(&k).ok().flatten()?;
        Some((k, v))
    }

    fn compact(&mut self) {
        let old = std::mem::take(&mut self.entries);
        self.index.clear();
        self.live = 0;
        for (k, v, _) in old.into_iter().flatten() {
            // Keys were hashable when inserted.
            let _ = self.insert(k, v);
        }
    }

    /// Removes everything.
    pub fn clear(&mut self) {
        *self = DictMap::default();
    }

    /// The entries in order.
    pub fn iter(&self) -> impl Iterator<Item = (&Value, &Value)> {
        self.entries.iter().flatten().map(|(k, v, _)| (k, v))
    }

    /// The keys in order.
    pub fn keys(&self) -> impl Iterator<Item = &Value> {
        self.iter().map(|(k, _)| k)
    }

    /// The values in order.
    pub fn values(&self) -> impl Iterator<Item = &Value> {
        self.iter().map(|(_, v)| v)
    }
}

/// The order CPython iterates a set of ints in: its hash-table order, the
/// table sized and probed as `setobject.c` does for these insertions (an
/// int hashes to itself, so small non-negative ints come out sorted).
/// Sets holding anything else keep insertion order, a documented
/// difference (CPython's string hashes are randomised per process anyway).
pub fn set_order(keys: Vec<Value>) -> Vec<Value> {
    if keys.len() < 2
        || !keys
            .iter()
            .all(|k| matches!(k, Value::Int(_) | Value::Bool(_)))
    {
        return keys;
    }
    let mut size = 8usize;
    let mut used = 0usize;
    for _ in 0..keys.len() {
        used += 1;
        if used * 5 >= (size - 1) * 3 {
            let want = if used > 50_000 { used * 2 } else { used * 4 };
            while size <= want {
                size <<= 1;
            }
        }
    }
    let mask = size - 1;
    let mut table: Vec<Option<usize>> = vec![None; size];
    for (n, k) in keys.iter().enumerate() {
        let h = match k {
            Value::Int(-1) => -2i64,
            Value::Int(i) => *i,
            Value::Bool(b) => *b as i64,
            _ => 0,
        } as u64;
        let mut perturb = h;
        let mut i = (h as usize) & mask;
        'probe: loop {
            for j in 0..=9usize {
                let slot = (i + j) & mask;
                if table[slot].is_none() {
                    table[slot] = Some(n);
                    break 'probe;
                }
                if i + j >= mask {
                    break;
                }
            }
            perturb >>= 5;
            i = ((i * 5) + 1 + perturb as usize) & mask;
        }
    }
    table
        .into_iter()
        .flatten()
        .map(|n| keys[n].clone())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_that_are_equal_are_one_key() {
        let mut m = DictMap::default();
        m.insert(Value::Int(1), Value::str("a")).unwrap();
        m.insert(Value::Float(1.0), Value::str("b")).unwrap();
        m.insert(Value::Bool(true), Value::str("c")).unwrap();
        assert_eq!(m.len(), 1);
        assert_eq!(m.get(&Value::Int(1)).unwrap().unwrap().to_string(), "c");
    }

    #[test]
    fn order_survives_removal_and_compaction() {
        let mut m = DictMap::default();
        for i in 0..100 {
            m.insert(Value::Int(i), Value::Int(i * i)).unwrap();
        }
        for i in 0..90 {
            m.remove(&Value::Int(i)).unwrap();
        }
        m.insert(Value::Int(5), Value::None).unwrap();
        let keys: Vec<String> = m.keys().map(|k| k.to_string()).collect();
        assert_eq!(keys.len(), 11);
        assert_eq!(keys[0], "90");
        assert_eq!(keys[10], "5");
        assert_eq!(m.get(&Value::Int(99)).unwrap().unwrap().to_string(), "9801");
    }

    #[test]
    fn lists_are_unhashable() {
        let mut m = DictMap::default();
        let e = m
            .insert(crate::vm::object::List::value(vec![]), Value::None)
            .unwrap_err();
        assert_eq!(e, TrapKind::Type("unhashable type: 'list'".into()));
    }
}
