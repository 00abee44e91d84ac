//! The builtins of the object model: `print`, `repr`, `type`,
//! `isinstance`, `issubclass`, attribute access by name (`getattr`...),
//! `iter`/`next`, `id`/`hash`, `callable`, `super`, and the descriptors
//! `staticmethod`, `classmethod`, `property`.

use crate::vm::native::{Args, Flow, NativeFn, TypeTag};
use crate::vm::object::{exc, Object};
use crate::vm::trap::TrapKind;
use crate::vm::value::Value;
use crate::vm::Interp;
use std::sync::Arc;

/// The object-model builtins, looked up by name after the core ones.
pub static BUILTINS: &[&NativeFn] = &[
    &PRINT,
    &REPR,
    &ASCII,
    &TYPE,
    &ISINSTANCE,
    &ISSUBCLASS,
    &GETATTR,
    &SETATTR,
    &HASATTR,
    &DELATTR,
    &ITER,
    &NEXT,
    &ID,
    &HASH,
    &CALLABLE,
    &SUPER,
    &STATICMETHOD,
    &CLASSMETHOD,
    &PROPERTY,
    &VARS,
    &NOT_IMPLEMENTED,
];

crate::native!(PRINT, "print", "print", print);
crate::native!(REPR, "repr", "repr", |vm, a| {
    a.arity("repr", 1, 1)?;
    Ok(Value::str(vm.repr(&a.pos[0])?))
});
crate::native!(ASCII, "ascii", "ascii", |vm, a| {
    a.arity("ascii", 1, 1)?;
    let r = vm.repr(&a.pos[0])?;
    Ok(Value::str(
        r.chars()
            .map(|c| {
                let n = c as u32;
                if n < 0x80 {
                    c.to_string()
                } else if n < 0x100 {
                    format!("\\x{n:02x}")
                } else if n < 0x10000 {
                    format!("\\u{n:04x}")
                } else {
                    format!("\\U{n:08x}")
                }
            })
            .collect::<String>(),
    ))
});
crate::native!(TYPE, "type", "type", type_of, TypeTag::Type);
crate::native!(ISINSTANCE, "isinstance", "isinstance", |_, a| {
    a.arity("isinstance", 2, 2)?;
    Ok(Value::Bool(isinstance(&a.pos[0], &a.pos[1])?))
});
crate::native!(ISSUBCLASS, "issubclass", "issubclass", |_, a| {
    a.arity("issubclass", 2, 2)?;
    Ok(Value::Bool(issubclass(&a.pos[0], &a.pos[1])?))
});
crate::native!(GETATTR, "getattr", "getattr", |vm, a| {
    a.arity("getattr", 2, 3)?;
    let name = attr_name(&a.pos[1], "getattr")?;
    match vm.getattr(&a.pos[0], &name) {
        Ok(v) => Ok(v),
        Err(e) if a.pos.len() == 3 && crate::vm::runtime::is_exc(&e, "AttributeError") => {
            Ok(a.pos[2].clone())
        }
        Err(e) => Err(e.into()),
    }
});
crate::native!(SETATTR, "setattr", "setattr", |vm, a| {
    a.arity("setattr", 3, 3)?;
    let name = attr_name(&a.pos[1], "setattr")?;
    vm.setattr(&a.pos[0], &name, a.pos[2].clone())?;
    Ok(Value::None)
});
crate::native!(HASATTR, "hasattr", "hasattr", |vm, a| {
    a.arity("hasattr", 2, 2)?;
    let name = attr_name(&a.pos[1], "hasattr")?;
    match vm.getattr(&a.pos[0], &name) {
        Ok(_) => Ok(Value::Bool(true)),
        Err(e) if crate::vm::runtime::is_exc(&e, "AttributeError") => Ok(Value::Bool(false)),
        Err(e) => Err(e.into()),
    }
});
crate::native!(DELATTR, "delattr", "delattr", |vm, a| {
    a.arity("delattr", 2, 2)?;
    let name = attr_name(&a.pos[1], "delattr")?;
    vm.delattr(&a.pos[0], &name)?;
    Ok(Value::None)
});
crate::native!(ITER, "iter", "iter", |vm, a| {
    a.arity("iter", 1, 2)?;
    if a.pos.len() == 2 {
        // iter(callable, sentinel): a generator calling it until the sentinel.
        return Err(Flow::Call {
            func: vm.prelude("iter_call")?,
            args: Args::new(a.pos),
        });
    }
    Ok(vm.get_iter(&a.pos[0])?)
});
crate::native!(NEXT, "next", "next", |vm, a| {
    a.arity("next", 1, 2)?;
    let it = &a.pos[0];
    if let Value::Obj(o) = it {
        if matches!(
            &**o,
            Object::Generator(_) | Object::CoroWrapper(_) | Object::AgAwait(_)
        ) {
            return match vm.drive_nested(it, crate::vm::coroutine::Input::Send(Value::None)) {
                Ok(v) => Ok(v),
                Err(e) if a.pos.len() == 2 && crate::vm::runtime::is_exc(&e, "StopIteration") => {
                    Ok(a.pos[1].clone())
                }
                Err(e) => Err(e.into()),
            };
        }
    }
    match vm.next_value(it)? {
        Some(v) => Ok(v),
        None if a.pos.len() == 2 => Ok(a.pos[1].clone()),
        None => Err(exc::raise("StopIteration", vec![]).into()),
    }
});
crate::native!(ID, "id", "id", |_, a| {
    a.arity("id", 1, 1)?;
    Ok(Value::Int((a.pos[0].identity() & (i64::MAX as u64)) as i64))
});
crate::native!(HASH, "hash", "hash", |vm, a| {
    a.arity("hash", 1, 1)?;
    Ok(Value::Int(vm.hash(&a.pos[0])?))
});
crate::native!(CALLABLE, "callable", "callable", |_, a| {
    a.arity("callable", 1, 1)?;
    Ok(Value::Bool(match &a.pos[0] {
        Value::Func(_) | Value::Native(_) | Value::Class(_) => true,
        Value::Instance(i) => i.class.lookup("__call__").is_some(),
        Value::Obj(o) => matches!(&**o, Object::Bound { .. } | Object::NativeBound { .. }),
        _ => false,
    }))
});
crate::native!(SUPER, "super", "super", |_, a| {
    if a.pos.len() != 2 {
        return Err(TrapKind::Runtime("super(): no arguments".into()).into());
    }
    match &a.pos[0] {
        Value::Class(c) => Ok(Value::obj(Object::Super {
            class: Arc::clone(c),
            obj: a.pos[1].clone(),
        })),
        _ => Err(TrapKind::Type("super() argument 1 must be a type".into()).into()),
    }
});
crate::native!(STATICMETHOD, "staticmethod", "staticmethod", |_, a| {
    a.arity("staticmethod", 1, 1)?;
    Ok(Value::obj(Object::StaticMethod(a.pos[0].clone())))
});
crate::native!(CLASSMETHOD, "classmethod", "classmethod", |_, a| {
    a.arity("classmethod", 1, 1)?;
    Ok(Value::obj(Object::ClassMethod(a.pos[0].clone())))
});
crate::native!(PROPERTY, "property", "property", |_, mut a| {
    let get = a
        .take_kw("fget")
        .or_else(|| a.pos.first().cloned())
        .unwrap_or(Value::None);
    let set = a
        .take_kw("fset")
        .or_else(|| a.pos.get(1).cloned())
        .unwrap_or(Value::None);
    let del = a
        .take_kw("fdel")
        .or_else(|| a.pos.get(2).cloned())
        .unwrap_or(Value::None);
    Ok(Value::obj(Object::Property { get, set, del }))
});
crate::native!(VARS, "vars", "vars", |vm, a| {
    a.arity("vars", 1, 1)?;
    Ok(vm.getattr(&a.pos[0], "__dict__")?)
});
crate::native!(
    NOT_IMPLEMENTED,
    "NotImplemented",
    "NotImplemented",
    |_, _| { Err(TrapKind::Type("'NotImplementedType' object is not callable".into()).into()) }
);

/// `property.setter`, `.getter` and `.deleter`: a copy of the property
/// with one accessor replaced.
fn property_with(a: &Args, which: usize) -> Result<Value, Flow> {
    let (Some(Value::Obj(p)), Some(f)) = (a.pos.first(), a.pos.get(1)) else {
        return Err(TrapKind::Type("a property accessor needs a function".into()).into());
    };
    let Object::Property { get, set, del } = &**p else {
        return Err(TrapKind::Type("not a property".into()).into());
    };
    let mut parts = [get.clone(), set.clone(), del.clone()];
    parts[which] = f.clone();
    let [get, set, del] = parts;
    Ok(Value::obj(Object::Property { get, set, del }))
}

crate::native!(PROPERTY_GETTER, "getter", "property.getter", |_, a| {
    property_with(&a, 0)
});
crate::native!(PROPERTY_SETTER, "setter", "property.setter", |_, a| {
    property_with(&a, 1)
});
crate::native!(PROPERTY_DELETER, "deleter", "property.deleter", |_, a| {
    property_with(&a, 2)
});

fn attr_name(v: &Value, f: &str) -> Result<String, TrapKind> {
    match v {
        Value::Str(s) => Ok(s.to_string()),
        other => Err(TrapKind::Type(format!(
            "{f}(): attribute name must be string, not '{}'",
            other.type_name()
        ))),
    }
}

/// The builtin type of a non-instance value.
pub fn type_value(v: &Value) -> Value {
    let name = match v {
        Value::Instance(i) => return Value::Class(Arc::clone(&i.class)),
        Value::Class(_) => "type",
        Value::None => return Value::Native(&NONE_TYPE),
        Value::Bool(_) => "bool",
        Value::Int(_) => "int",
        Value::Float(_) => "float",
        Value::Str(_) => "str",
        Value::Tuple(_) => "tuple",
        Value::List(_) => "list",
        Value::Dict(_) => "dict",
        Value::Obj(o) => match &**o {
            Object::Set { frozen: false, .. } => "set",
            Object::Set { frozen: true, .. } => "frozenset",
            Object::Range(_) => "range",
            Object::Bytes(_) => "bytes",
            Object::Generator(_) => return Value::Native(&GENERATOR_TYPE),
            Object::Coroutine(_) => return Value::Native(&COROUTINE_TYPE),
            Object::AsyncGen(_) => return Value::Native(&ASYNC_GENERATOR_TYPE),
            Object::CoroWrapper(_) => return Value::Native(&COROUTINE_WRAPPER_TYPE),
            Object::AgAwait(a) if matches!(a.op, crate::vm::object::AgOp::Send(_)) => {
                return Value::Native(&ASEND_TYPE)
            }
            Object::AgAwait(_) => return Value::Native(&ATHROW_TYPE),
            Object::Code(_) => return Value::Native(&CODE_TYPE),
            Object::Bound { .. } => return Value::Native(&METHOD_TYPE),
            Object::NativeBound { .. } => return Value::Native(&BUILTIN_FUNCTION_TYPE),
            _ => return Value::Native(&OTHER_TYPE),
        },
        Value::Native(n) if n.ty.is_some() => "type",
        Value::Func(_) => return Value::Native(&FUNCTION_TYPE),
        Value::Native(_) => return Value::Native(&BUILTIN_FUNCTION_TYPE),
        _ => return Value::Native(&OTHER_TYPE),
    };
    super::builtin(name).unwrap_or(Value::Native(&OTHER_TYPE))
}

crate::native!(
    NONE_TYPE,
    "NoneType",
    "NoneType",
    |_, _| Ok(Value::None),
    TypeTag::NoneType
);
crate::native!(
    OTHER_TYPE,
    "object",
    "object",
    |_, _| Ok(Value::None),
    TypeTag::Object
);

/// The types of suspended frames and their helpers: not constructible.
fn no_instances(v: &Value) -> Flow {
    let name = match v {
        Value::Native(n) => n.name,
        _ => "?",
    };
    TrapKind::Type(format!("cannot create '{name}' instances")).into()
}

crate::native!(
    GENERATOR_TYPE,
    "generator",
    "generator",
    |_, _| Err(no_instances(&Value::Native(&GENERATOR_TYPE))),
    TypeTag::Generator
);
crate::native!(
    FUNCTION_TYPE,
    "function",
    "function",
    |_, _| Err(TrapKind::Type("function() missing required argument 'code' (pos 1)".into()).into()),
    TypeTag::Function
);
crate::native!(
    METHOD_TYPE,
    "method",
    "method",
    |_, _| Err(TrapKind::Type("method expected 2 arguments, got 0".into()).into()),
    TypeTag::Method
);
crate::native!(
    BUILTIN_FUNCTION_TYPE,
    "builtin_function_or_method",
    "builtin_function_or_method",
    |_, _| Err(no_instances(&Value::Native(&BUILTIN_FUNCTION_TYPE))),
    TypeTag::BuiltinFunction
);
crate::native!(
    COROUTINE_TYPE,
    "coroutine",
    "coroutine",
    |_, _| Err(no_instances(&Value::Native(&COROUTINE_TYPE))),
    TypeTag::Coroutine
);
crate::native!(
    ASYNC_GENERATOR_TYPE,
    "async_generator",
    "async_generator",
    |_, _| Err(no_instances(&Value::Native(&ASYNC_GENERATOR_TYPE))),
    TypeTag::AsyncGenerator
);
crate::native!(
    COROUTINE_WRAPPER_TYPE,
    "coroutine_wrapper",
    "coroutine_wrapper",
    |_, _| Err(no_instances(&Value::Native(&COROUTINE_WRAPPER_TYPE))),
    TypeTag::CoroutineWrapper
);
// Without type tags of their own, these show as types by name only;
// `isinstance` does not accept them.
crate::native!(CODE_TYPE, "code", "code", |_, _| Err(no_instances(
    &Value::Native(&CODE_TYPE)
)));

crate::native!(
    ASEND_TYPE,
    "async_generator_asend",
    "async_generator_asend",
    |_, _| Err(no_instances(&Value::Native(&ASEND_TYPE)))
);
crate::native!(
    ATHROW_TYPE,
    "async_generator_athrow",
    "async_generator_athrow",
    |_, _| Err(no_instances(&Value::Native(&ATHROW_TYPE)))
);

fn type_of(_vm: &mut Interp, a: Args) -> Result<Value, Flow> {
    a.arity("type", 1, 1)?;
    Ok(type_value(&a.pos[0]))
}

/// The builtin type tag of a value.
fn tag_of(v: &Value) -> Option<TypeTag> {
    Some(match v {
        Value::None => TypeTag::NoneType,
        Value::Bool(_) => TypeTag::Bool,
        Value::Int(_) => TypeTag::Int,
        Value::Float(_) => TypeTag::Float,
        Value::Str(_) => TypeTag::Str,
        Value::Tuple(_) => TypeTag::Tuple,
        Value::List(_) => TypeTag::List,
        Value::Dict(_) => TypeTag::Dict,
        Value::Func(_) => TypeTag::Function,
        Value::Obj(o) => match &**o {
            Object::Set { frozen: false, .. } => TypeTag::Set,
            Object::Set { frozen: true, .. } => TypeTag::FrozenSet,
            Object::Range(_) => TypeTag::Range,
            Object::Slice(..) => TypeTag::Slice,
            Object::Bytes(_) => TypeTag::Bytes,
            Object::Generator(_) => TypeTag::Generator,
            Object::Coroutine(_) => TypeTag::Coroutine,
            Object::AsyncGen(_) => TypeTag::AsyncGenerator,
            Object::CoroWrapper(_) => TypeTag::CoroutineWrapper,
            Object::Bound { .. } => TypeTag::Method,
            Object::NativeBound { .. } => TypeTag::BuiltinFunction,
            _ => return None,
        },
        Value::Native(n) if n.ty.is_none() => TypeTag::BuiltinFunction,
        Value::Class(_) | Value::Native(_) => TypeTag::Type,
        _ => return None,
    })
}

/// `isinstance(v, cls)`.
pub fn isinstance(v: &Value, cls: &Value) -> Result<bool, TrapKind> {
    match cls {
        Value::Tuple(t) => {
            for c in t.iter() {
                if isinstance(v, c)? {
                    return Ok(true);
                }
            }
            Ok(false)
        }
        Value::Class(c) => Ok(match v {
            Value::Instance(i) => i.class.is_subclass(c),
            _ => &*c.name == "object",
        }),
        Value::Native(n) => match n.ty {
            Some(TypeTag::Object) => Ok(true),
            Some(TypeTag::Int) => Ok(matches!(v, Value::Int(_) | Value::Bool(_))),
            Some(t) => Ok(tag_of(v) == Some(t)),
            None => Err(TrapKind::Type(
                "isinstance() arg 2 must be a type, a tuple of types, or a union".into(),
            )),
        },
        _ => Err(TrapKind::Type(
            "isinstance() arg 2 must be a type, a tuple of types, or a union".into(),
        )),
    }
}

/// `issubclass(a, b)`.
pub fn issubclass(a: &Value, b: &Value) -> Result<bool, TrapKind> {
    match (a, b) {
        (_, Value::Tuple(t)) => {
            for c in t.iter() {
                if issubclass(a, c)? {
                    return Ok(true);
                }
            }
            Ok(false)
        }
        (Value::Class(x), Value::Class(y)) => Ok(x.is_subclass(y)),
        (Value::Native(x), Value::Native(y)) => Ok(std::ptr::eq(*x, *y)
            || (x.ty == Some(TypeTag::Bool) && y.ty == Some(TypeTag::Int))
            || y.ty == Some(TypeTag::Object)),
        (Value::Class(_), Value::Native(y)) => Ok(y.ty == Some(TypeTag::Object)),
        (Value::Native(_), Value::Class(c)) => Ok(&*c.name == "object"),
        _ => Err(TrapKind::Type("issubclass() arg 1 must be a class".into())),
    }
}

fn print(vm: &mut Interp, mut a: Args) -> Result<Value, Flow> {
    let sep = match a.take_kw("sep") {
        None | Some(Value::None) => " ".to_string(),
        Some(Value::Str(s)) => s.to_string(),
        Some(o) => {
            return Err(TrapKind::Type(format!(
                "sep must be None or a string, not {}",
                o.type_name()
            ))
            .into())
        }
    };
    let end = match a.take_kw("end") {
        None | Some(Value::None) => "\n".to_string(),
        Some(Value::Str(s)) => s.to_string(),
        Some(o) => {
            return Err(TrapKind::Type(format!(
                "end must be None or a string, not {}",
                o.type_name()
            ))
            .into())
        }
    };
    let file = a.take_kw("file");
    let _ = a.take_kw("flush");
    a.no_kw("print")?;
    let mut text = String::new();
    for (i, v) in a.pos.iter().enumerate() {
        if i > 0 {
            text.push_str(&sep);
        }
        text.push_str(&vm.str(v)?);
    }
    text.push_str(&end);
    let to_stderr = matches!(&file, Some(Value::Obj(o)) if matches!(&**o, Object::Module(m) if m.name == "stderr"));
    vm.write_text(&text, to_stderr);
    Ok(Value::None)
}
