//! Heap objects: what a [`Value`] points to when it is more than a number
//! or a string. See docs/object-model.md for the whole model.
//!
//! Every object is reference counted (`Arc`) and shared by the run's
//! interpreter threads. Mutable objects hold their state behind a
//! `parking_lot` mutex taken only for one primitive operation, never while
//! Python code runs, so each operation is atomic (like `list.append` in
//! CPython with or without the GIL, PEP 703) and a race can lose an update
//! but never corrupt memory. Cycles are not collected (there is no cycle
//! GC); they leak until the run ends.

pub mod dict;
pub mod exc;
pub mod gen;

pub use dict::{Dict, DictMap};
pub use gen::{AgAwait, AgOp, AwaitState, GenKind, GenObj, GenState};

use super::native::NativeFn;
use super::value::Value;
use parking_lot::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, OnceLock, Weak};

/// A list: a vector behind its own lock.
#[derive(Debug, Default)]
pub struct List {
    /// The items. Lock only for one primitive operation.
    pub items: Mutex<Vec<Value>>,
    /// Which thread touches it (free mode's costs).
    pub owner: super::owner::Owner,
}

impl List {
    /// A new list value holding `items`.
    pub fn value(items: Vec<Value>) -> Value {
        Value::List(Arc::new(List {
            items: Mutex::new(items),
            owner: Default::default(),
        }))
    }

    /// A copy of the items (for iteration or printing without holding the lock).
    pub fn snapshot(&self) -> Vec<Value> {
        self.items.lock().clone()
    }
}

/// An attribute table: names to values, in insertion order. Objects have
/// few attributes, so a linear scan beats hashing.
#[derive(Debug, Default, Clone)]
pub struct Attrs {
    /// The entries, in insertion order.
    pub entries: Vec<(Arc<str>, Value)>,
}

impl Attrs {
    /// The value of `name`, if set.
    pub fn get(&self, name: &str) -> Option<&Value> {
        self.entries
            .iter()
            .find(|(k, _)| &**k == name)
            .map(|(_, v)| v)
    }

    /// Sets `name`, keeping its position if it exists. Returns the old value.
    pub fn set(&mut self, name: Arc<str>, v: Value) -> Option<Value> {
        if let Some(e) = self.entries.iter_mut().find(|(k, _)| *k == name) {
            return Some(std::mem::replace(&mut e.1, v));
        }
        self.entries.push((name, v));
        None
    }

    /// Removes `name`, returning its value.
    pub fn remove(&mut self, name: &str) -> Option<Value> {
        let i = self.entries.iter().position(|(k, _)| &**k == name)?;
        Some(self.entries.remove(i).1)
    }
}

/// A function object: code plus what `MAKE_FUNCTION` attached.
#[derive(Debug)]
pub struct FuncObj {
    /// Index of the code in the program's function table.
    pub code: u32,
    /// The function's `__name__`.
    pub name: Arc<str>,
    /// Default values of the last positional parameters.
    pub defaults: Vec<Value>,
    /// Defaults of keyword-only parameters, by name.
    pub kwdefaults: Vec<(Arc<str>, Value)>,
    /// The cells of the free variables, in the code's `freevars` order.
    pub closure: Vec<Value>,
    /// The class whose body defined this function (for `super()`), set
    /// once when the class is built.
    pub owner: OnceLock<Weak<ClassObj>>,
    /// Attributes set on the function (`f.calls = 0`).
    pub attrs: Mutex<Attrs>,
}

/// A class: its name, bases, method resolution order and namespace.
#[derive(Debug)]
pub struct ClassObj {
    /// `__name__`.
    pub name: Arc<str>,
    /// `__bases__`.
    pub bases: Vec<Arc<ClassObj>>,
    /// The MRO without the class itself (C3 linearisation of the bases).
    pub mro_rest: Vec<Arc<ClassObj>>,
    /// The class namespace (methods, class attributes).
    pub dict: Mutex<Attrs>,
    /// A unique number, for identity and hashing.
    pub id: u64,
    /// True for `BaseException` and every class derived from it.
    pub is_exception: bool,
}

static NEXT_ID: AtomicU64 = AtomicU64::new(1);

/// A fresh object identity.
pub fn next_id() -> u64 {
    NEXT_ID.fetch_add(1, Ordering::Relaxed)
}

impl ClassObj {
    /// Builds a class, computing its MRO; `Err` names an inconsistent
    /// hierarchy as CPython does.
    pub fn new(
        name: Arc<str>,
        bases: Vec<Arc<ClassObj>>,
        dict: Attrs,
    ) -> Result<Arc<ClassObj>, String> {
        let mro_rest = c3(&bases)?;
        let is_exception = bases.iter().any(|b| b.is_exception);
        Ok(Arc::new(ClassObj {
            name,
            bases,
            mro_rest,
            dict: Mutex::new(dict),
            id: next_id(),
            is_exception,
        }))
    }

    /// `__module__` from the class's own namespace (set by its class
    /// body), if it is a string.
    pub fn module(&self) -> Option<Arc<String>> {
        match self.dict.lock().get("__module__") {
            Some(Value::Str(s)) => Some(Arc::clone(s)),
            _ => None,
        }
    }

    /// The class's name as CPython's tracebacks print it: `module.Name`,
    /// or just `Name` for `__main__`, builtins and classes without a module.
    pub fn display_name(&self) -> String {
        match self.module() {
            Some(m) if m.as_str() != "__main__" && m.as_str() != "builtins" => {
                format!("{m}.{}", self.name)
            }
            _ => self.name.to_string(),
        }
    }

    /// Looks `name` up along the MRO (the class first).
    pub fn lookup(self: &Arc<Self>, name: &str) -> Option<Value> {
        if let Some(v) = self.dict.lock().get(name) {
            return Some(v.clone());
        }
        self.mro_rest
            .iter()
            .find_map(|c| c.dict.lock().get(name).cloned())
    }

    /// Looks `name` up along the MRO after `after` (for `super()`).
    pub fn lookup_after(self: &Arc<Self>, after: &Arc<ClassObj>, name: &str) -> Option<Value> {
        let mro = std::iter::once(self).chain(self.mro_rest.iter());
        let mut seen = false;
        for c in mro {
            if seen {
                if let Some(v) = c.dict.lock().get(name) {
                    return Some(v.clone());
                }
            } else if Arc::ptr_eq(c, after) {
                seen = true;
            }
        }
        None
    }

    /// True if this class is `other` or derives from it.
    pub fn is_subclass(self: &Arc<Self>, other: &Arc<ClassObj>) -> bool {
        Arc::ptr_eq(self, other) || self.mro_rest.iter().any(|c| Arc::ptr_eq(c, other))
    }
}

/// C3 linearisation of `bases`' MROs (each with its class first).
fn c3(bases: &[Arc<ClassObj>]) -> Result<Vec<Arc<ClassObj>>, String> {
    let mut seqs: Vec<Vec<Arc<ClassObj>>> = bases
        .iter()
        .map(|b| {
            let mut v = vec![Arc::clone(b)];
            v.extend(b.mro_rest.iter().cloned());
            v
        })
        .collect();
    seqs.push(bases.to_vec());
    let mut out = Vec::new();
    loop {
        seqs.retain(|s| !s.is_empty());
        if seqs.is_empty() {
            return Ok(out);
        }
        let head = seqs.iter().map(|s| &s[0]).find(|h| {
            !seqs
                .iter()
                .any(|s| s[1..].iter().any(|c| Arc::ptr_eq(c, h)))
        });
        let Some(head) = head.cloned() else {
            let names: Vec<&str> = bases.iter().map(|b| &*b.name).collect();
            return Err(format!(
                "Cannot create a consistent method resolution order (MRO) for bases {}",
                names.join(", ")
            ));
        };
        for s in &mut seqs {
            if Arc::ptr_eq(&s[0], &head) {
                s.remove(0);
            }
        }
        out.push(head);
    }
}

/// An instance of a class.
#[derive(Debug)]
pub struct InstanceObj {
    /// Its class.
    pub class: Arc<ClassObj>,
    /// Its attributes (`__dict__`).
    pub attrs: Mutex<Attrs>,
    /// Traceback and chaining of an exception instance.
    pub exc: Mutex<Option<Box<ExcState>>>,
    /// Which thread touches its attributes (free mode's costs).
    pub owner: super::owner::Owner,
}

/// What an exception carries besides its attributes.
#[derive(Debug, Default, Clone)]
pub struct ExcState {
    /// The frames it passed through, outermost first, recorded as it
    /// propagated (`__traceback__`).
    pub traceback: Vec<super::trap::TraceEntry>,
    /// `raise ... from cause`.
    pub cause: Option<Value>,
    /// The exception being handled when this one was raised.
    pub context: Option<Value>,
    /// `raise X from None` (or any `from`): do not print the context.
    pub suppress_context: bool,
}

impl InstanceObj {
    /// A new, attribute-less instance of `class`.
    pub fn new(class: Arc<ClassObj>) -> Arc<InstanceObj> {
        Arc::new(InstanceObj {
            class,
            attrs: Mutex::new(Attrs::default()),
            exc: Mutex::new(None),
            owner: Default::default(),
        })
    }
}

/// A `range` object.
#[derive(Debug, Clone, Copy)]
pub struct Range {
    /// First value.
    pub start: i64,
    /// Bound (excluded).
    pub stop: i64,
    /// Step (never 0).
    pub step: i64,
}

impl Range {
    /// Number of values.
    pub fn len(&self) -> i64 {
        let (lo, hi, st) = (self.start as i128, self.stop as i128, self.step as i128);
        let n = if st > 0 {
            (hi - lo + st - 1) / st
        } else {
            (lo - hi - st - 1) / -st
        };
        n.max(0) as i64
    }

    /// True when empty.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The i-th value (0 <= i < len).
    pub fn at(&self, i: i64) -> i64 {
        self.start + i * self.step
    }
}

/// The state of a native iterator (what `iter()` of a builtin makes).
#[derive(Debug)]
pub enum IterState {
    /// Over a snapshot of items (tuple, dict keys...) or a live list.
    Seq {
        /// The sequence.
        items: Value,
        /// Next index.
        index: usize,
    },
    /// Over a range.
    Range {
        /// Next value.
        next: i64,
        /// Values left.
        left: i64,
        /// Step.
        step: i64,
    },
    /// Over the characters of a string (byte offset of the next one).
    Str {
        /// The string.
        s: Arc<String>,
        /// Byte offset.
        pos: usize,
    },
    /// Done.
    Exhausted,
}

/// A module object (`import time` gives one).
#[derive(Debug)]
pub struct Module {
    /// Its name.
    pub name: &'static str,
    /// Its attributes.
    pub attrs: Vec<(&'static str, Value)>,
}

/// Every other kind of object.
#[derive(Debug)]
pub enum Object {
    /// A set (or frozenset when `frozen`), backed by a dict whose values are `None`.
    Set {
        /// The items.
        map: Dict,
        /// `frozenset`.
        frozen: bool,
    },
    /// A method bound to its instance.
    Bound {
        /// `self`.
        obj: Value,
        /// The function.
        func: Value,
    },
    /// `staticmethod(f)`.
    StaticMethod(Value),
    /// `classmethod(f)`.
    ClassMethod(Value),
    /// `property(fget, fset, fdel)`.
    Property {
        /// Getter.
        get: Value,
        /// Setter, or `None`.
        set: Value,
        /// Deleter, or `None`.
        del: Value,
    },
    /// `super()` bound to a class and an object.
    Super {
        /// The class whose MRO after it is searched.
        class: Arc<ClassObj>,
        /// The instance (or class, in a classmethod).
        obj: Value,
    },
    /// A closure cell.
    Cell(Mutex<Value>),
    /// `range(start, stop, step)`.
    Range(Range),
    /// `slice(start, stop, step)` (`None` where omitted).
    Slice(Value, Value, Value),
    /// An iterator over a builtin container.
    Iter(Mutex<IterState>),
    /// A generator.
    Generator(GenObj),
    /// A coroutine (what calling an `async def` makes).
    Coroutine(GenObj),
    /// An async generator (an `async def` with `yield`).
    AsyncGen(GenObj),
    /// `coro.__await__()`: an iterator driving the coroutine it holds
    /// (CPython's `coroutine_wrapper`).
    CoroWrapper(Value),
    /// The awaitable of one step of an async generator.
    AgAwait(AgAwait),
    /// A value an async generator yields, wrapped by `ASYNC_GEN_WRAP` on
    /// its way to the awaitable driving it (never seen by Python code).
    AgValue(Value),
    /// A module.
    Module(Module),
    /// A library module written in Python: the program's linked module
    /// `index` ([`crate::bytecode::Program::modules`]), its attributes
    /// the globals named `NAME.*`.
    PyModule {
        /// Index in the program's module table.
        index: u32,
        /// The module's name.
        name: Arc<str>,
    },
    /// `bytes`.
    Bytes(Vec<u8>),
    /// A function's code object (`f.__code__`): function `0` of the
    /// program, read-only.
    Code(u32),
    /// A native function bound to a receiver (`[].append`, `"".join`).
    NativeBound {
        /// The receiver.
        obj: Value,
        /// The method.
        func: &'static NativeFn,
    },
}

impl Object {
    /// The Python type name.
    pub fn type_name(&self) -> &'static str {
        match self {
            Object::Set { frozen: false, .. } => "set",
            Object::Set { frozen: true, .. } => "frozenset",
            Object::Bound { .. } => "method",
            Object::StaticMethod(_) => "staticmethod",
            Object::ClassMethod(_) => "classmethod",
            Object::Property { .. } => "property",
            Object::Super { .. } => "super",
            Object::Cell(_) => "cell",
            Object::Range(_) => "range",
            Object::Slice(..) => "slice",
            Object::Iter(_) => "iterator",
            Object::Generator(_) => "generator",
            Object::Coroutine(_) => "coroutine",
            Object::AsyncGen(_) => "async_generator",
            Object::CoroWrapper(_) => "coroutine_wrapper",
            Object::AgAwait(a) => a.type_name(),
            Object::AgValue(_) => "async_generator_wrapped_value",
            Object::Module(_) | Object::PyModule { .. } => "module",
            Object::Code(_) => "code",
            Object::Bytes(_) => "bytes",
            Object::NativeBound { .. } => "builtin_function_or_method",
        }
    }
}

impl Value {
    /// Wraps an [`Object`].
    pub fn obj(o: Object) -> Value {
        Value::Obj(Arc::new(o))
    }

    /// A new tuple.
    pub fn tuple(items: Vec<Value>) -> Value {
        Value::Tuple(Arc::new(items))
    }

    /// A new set.
    pub fn set(items: impl IntoIterator<Item = Value>) -> Result<Value, super::trap::TrapKind> {
        let map = Dict::default();
        {
            let mut m = map.map.lock();
            for v in items {
                m.insert(v, Value::None)?;
            }
        }
        Ok(Value::obj(Object::Set { map, frozen: false }))
    }

    /// A new closure cell.
    pub fn cell(v: Value) -> Value {
        Value::obj(Object::Cell(Mutex::new(v)))
    }

    /// The object's identity (address or small-value encoding), for `is` and `id()`.
    pub fn identity(&self) -> u64 {
        match self {
            Value::None => 0x1000,
            Value::Bool(b) => 0x1010 + *b as u64,
            Value::Int(i) => *i as u64 ^ 0x5a5a_0000_0000_0000,
            Value::Float(f) => f.to_bits(),
            Value::Str(s) => Arc::as_ptr(s) as u64,
            Value::Tuple(t) => Arc::as_ptr(t) as u64,
            Value::List(l) => Arc::as_ptr(l) as u64,
            Value::Dict(d) => Arc::as_ptr(d) as u64,
            Value::Func(f) => Arc::as_ptr(f) as u64,
            Value::Native(n) => *n as *const NativeFn as u64,
            Value::Class(c) => Arc::as_ptr(c) as u64,
            Value::Instance(i) => Arc::as_ptr(i) as u64,
            Value::Obj(o) => Arc::as_ptr(o) as u64,
            Value::Thread(t) => 0x2000_0000 + *t as u64,
            Value::Lock(l) => 0x3000_0000 + *l as u64,
            Value::Unbound => 0,
        }
    }

    /// Python's `is`.
    pub fn is(&self, other: &Value) -> bool {
        match (self, other) {
            (Value::None, Value::None) => true,
            (Value::Bool(a), Value::Bool(b)) => a == b,
            // Small ints are cached in CPython; equal ints are `is` here.
            (Value::Int(a), Value::Int(b)) => a == b,
            (Value::Float(a), Value::Float(b)) => a.to_bits() == b.to_bits(),
            (Value::Str(a), Value::Str(b)) => Arc::ptr_eq(a, b) || a == b,
            (Value::Native(a), Value::Native(b)) => std::ptr::eq(*a, *b),
            (Value::Thread(a), Value::Thread(b)) | (Value::Lock(a), Value::Lock(b)) => a == b,
            (Value::Unbound, _) | (_, Value::Unbound) => false,
            (a, b) => {
                std::mem::discriminant(a) == std::mem::discriminant(b)
                    && a.identity() == b.identity()
            }
        }
    }
}

impl FuncObj {
    /// A function object for code `code` with nothing attached (a harness
    /// entry, `START_THREAD`'s target).
    pub fn bare(program: &crate::bytecode::Program, code: u32) -> Value {
        let name = program
            .functions()
            .get(code as usize)
            .map_or("?", |f| f.name.as_str());
        Value::Func(Arc::new(FuncObj {
            code,
            name: name.into(),
            defaults: vec![],
            kwdefaults: vec![],
            closure: vec![],
            owner: OnceLock::new(),
            attrs: Mutex::new(Attrs::default()),
        }))
    }
}

/// The name a callable shows as a thread target (`worker`, `run`).
pub fn callable_name(v: &Value) -> String {
    match v {
        Value::Func(f) => f.name.to_string(),
        Value::Native(n) => n.name.to_string(),
        Value::Class(c) => c.name.to_string(),
        Value::Obj(o) => match &**o {
            Object::Bound { func, .. } => callable_name(func),
            Object::NativeBound { func, .. } => func.name.to_string(),
            _ => o.type_name().to_string(),
        },
        other => other.type_name().to_string(),
    }
}
