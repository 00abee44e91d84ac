//! Attribute access: `o.name` for instances (their own attributes, then
//! the class's methods bound to them, properties, `__getattr__`), classes,
//! `super()` objects, modules, functions and builtin values' methods; and
//! `o.name = v` / `del o.name`.

use super::interp::Interp;
use super::native::Args;
use super::object::{exc, Attrs, ClassObj, Object};
use super::trap::TrapKind;
use super::value::Value;
use std::sync::Arc;

/// What `LOAD_METHOD` found: a function to call with the receiver first,
/// or a plain attribute.
pub(crate) enum Method {
    /// Call `func(receiver, ...)`.
    Unbound(Value),
    /// Call this value as is.
    Plain(Value),
}

fn no_attr(o: &Value, name: &str) -> TrapKind {
    let msg = match o {
        Value::Class(c) => format!("type object '{}' has no attribute '{name}'", c.name),
        Value::Obj(m) if matches!(&**m, Object::Module(_)) => {
            let Object::Module(m) = &**m else {
                unreachable!()
            };
            format!("module '{}' has no attribute '{name}'", m.name)
        }
        Value::Obj(m) if matches!(&**m, Object::PyModule { .. }) => {
            let Object::PyModule { name: m, .. } = &**m else {
                unreachable!()
            };
            format!("module '{m}' has no attribute '{name}'")
        }
        other => format!("'{}' object has no attribute '{name}'", other.class_name()),
    };
    TrapKind::Builtin("AttributeError", msg)
}

/// Binds a class attribute found for instance (or class) `obj`.
pub(crate) fn bind_to(obj: &Value, found: Value, class: &Arc<ClassObj>) -> Value {
    match &found {
        Value::Func(_) => Value::obj(Object::Bound {
            obj: obj.clone(),
            func: found,
        }),
        Value::Native(n) if n.ty.is_none() => Value::obj(Object::NativeBound {
            obj: obj.clone(),
            func: n,
        }),
        Value::Obj(o) => match &**o {
            Object::StaticMethod(f) => f.clone(),
            Object::ClassMethod(f) => Value::obj(Object::Bound {
                obj: Value::Class(Arc::clone(class)),
                func: f.clone(),
            }),
            _ => found,
        },
        _ => found,
    }
}

impl Interp {
    /// `o.name`.
    pub fn getattr(&mut self, o: &Value, name: &str) -> Result<Value, TrapKind> {
        match o {
            Value::Instance(i) => {
                let class_attr = i.class.lookup(name);
                if let Some(Value::Obj(p)) = &class_attr {
                    if let Object::Property { get, .. } = &**p {
                        let get = get.clone();
                        return self.call(&get, Args::new(vec![o.clone()]));
                    }
                }
                if let Some(v) = i.attrs.lock().get(name) {
                    return Ok(v.clone());
                }
                match name {
                    "__class__" => return Ok(Value::Class(Arc::clone(&i.class))),
                    "__dict__" => {
                        let mut m = super::object::DictMap::default();
                        for (k, v) in i.attrs.lock().entries.iter() {
                            m.insert(Value::str(k.to_string()), v.clone())?;
                        }
                        return Ok(super::object::Dict::value(m));
                    }
                    _ => {}
                }
                if i.class.is_exception {
                    let st = i.exc.lock().as_deref().cloned().unwrap_or_default();
                    match name {
                        "__cause__" => return Ok(st.cause.unwrap_or(Value::None)),
                        "__context__" => return Ok(st.context.unwrap_or(Value::None)),
                        "__suppress_context__" => return Ok(Value::Bool(st.suppress_context)),
                        "__traceback__" => return Ok(Value::None),
                        _ => {}
                    }
                }
                if let Some(found) = class_attr {
                    return Ok(bind_to(o, found, &i.class));
                }
                if let Some(ga) = i.class.lookup("__getattr__") {
                    return self.call(&ga, Args::new(vec![o.clone(), Value::str(name)]));
                }
                Err(no_attr(o, name))
            }
            Value::Class(c) => {
                match name {
                    "__name__" | "__qualname__" => return Ok(Value::str(c.name.to_string())),
                    "__module__" => {
                        let builtin = &*c.name == "object"
                            || exc::classes().iter().any(|b| Arc::ptr_eq(b, c));
                        return Ok(match c.module() {
                            Some(m) => Value::Str(m),
                            None if builtin => Value::str("builtins"),
                            None => Value::str("__main__"),
                        });
                    }
                    "__bases__" => {
                        return Ok(Value::tuple(
                            c.bases
                                .iter()
                                .map(|b| Value::Class(Arc::clone(b)))
                                .collect(),
                        ))
                    }
                    "__mro__" => {
                        let mut v = vec![Value::Class(Arc::clone(c))];
                        v.extend(c.mro_rest.iter().map(|b| Value::Class(Arc::clone(b))));
                        return Ok(Value::tuple(v));
                    }
                    _ => {}
                }
                match c.lookup(name) {
                    Some(Value::Obj(m)) => match &*m {
                        Object::StaticMethod(f) => Ok(f.clone()),
                        Object::ClassMethod(f) => Ok(Value::obj(Object::Bound {
                            obj: o.clone(),
                            func: f.clone(),
                        })),
                        _ => Ok(Value::Obj(m)),
                    },
                    Some(v) => Ok(v),
                    None => Err(no_attr(o, name)),
                }
            }
            Value::Obj(ob) => match &**ob {
                Object::Super { class, obj } => {
                    let start = match obj {
                        Value::Instance(i) => Arc::clone(&i.class),
                        Value::Class(c) => Arc::clone(c),
                        _ => return Err(no_attr(o, name)),
                    };
                    match start.lookup_after(class, name) {
                        Some(found) => Ok(match obj {
                            Value::Class(c) => match &found {
                                Value::Obj(m) => match &**m {
                                    Object::ClassMethod(f) => Value::obj(Object::Bound {
                                        obj: obj.clone(),
                                        func: f.clone(),
                                    }),
                                    _ => found,
                                },
                                _ => bind_to(obj, found, c),
                            },
                            _ => bind_to(obj, found, &start),
                        }),
                        None if name == "__init__" => Ok(Value::Native(&OBJECT_INIT)),
                        None if name == "__setattr__" => Ok(Value::obj(Object::NativeBound {
                            obj: obj.clone(),
                            func: &OBJECT_SETATTR,
                        })),
                        None => Err(TrapKind::Builtin(
                            "AttributeError",
                            format!("'super' object has no attribute '{name}'"),
                        )),
                    }
                }
                Object::PyModule { index, .. } => {
                    let prog = Arc::clone(&self.program);
                    let m = &prog.modules()[*index as usize];
                    match m.names.iter().find(|(n, _)| n == name) {
                        Some((_, g)) => match self.globals.load(*g) {
                            Value::Unbound => Err(no_attr(o, name)),
                            v => Ok(v),
                        },
                        None => Err(no_attr(o, name)),
                    }
                }
                Object::Module(m) => m
                    .attrs
                    .iter()
                    .find(|(k, _)| *k == name)
                    .map(|(_, v)| v.clone())
                    .ok_or_else(|| no_attr(o, name)),
                Object::Property { get, .. } if name == "fget" => Ok(get.clone()),
                Object::Property { .. } if matches!(name, "getter" | "setter" | "deleter") => {
                    use super::builtins::objects::{
                        PROPERTY_DELETER, PROPERTY_GETTER, PROPERTY_SETTER,
                    };
                    let func = match name {
                        "getter" => &PROPERTY_GETTER,
                        "setter" => &PROPERTY_SETTER,
                        _ => &PROPERTY_DELETER,
                    };
                    Ok(Value::obj(Object::NativeBound {
                        obj: o.clone(),
                        func,
                    }))
                }
                Object::Bound { obj, func } => {
                    let (obj, func) = (obj.clone(), func.clone());
                    self.bound_attr(o, &obj, &func, name)
                }
                Object::NativeBound { obj, .. } if name == "__self__" => Ok(obj.clone()),
                Object::NativeBound { func, .. } if name == "__name__" => Ok(Value::str(func.name)),
                Object::NativeBound { func, .. } if name == "__qualname__" => {
                    Ok(Value::str(func.qualname))
                }
                Object::Code(c) => {
                    let c = *c;
                    self.code_attr(o, c, name).ok_or_else(|| no_attr(o, name))
                }
                Object::Generator(_)
                | Object::Coroutine(_)
                | Object::AsyncGen(_)
                | Object::CoroWrapper(_)
                | Object::AgAwait(_) => {
                    super::coroutine::attribute(o, name).ok_or_else(|| no_attr(o, name))
                }
                _ => self.builtin_method(o, name),
            },
            Value::Func(f) => match self.func_attr(f, name) {
                Some(v) if f.attrs.lock().get(name).is_none() => Ok(v),
                _ => f
                    .attrs
                    .lock()
                    .get(name)
                    .cloned()
                    .ok_or_else(|| no_attr(o, name)),
            },
            Value::Native(n) => match name {
                "__name__" => Ok(Value::str(n.name)),
                _ => {
                    // `str.upper`, `dict.fromkeys`: a type's method, unbound.
                    let sample = match n.ty {
                        Some(super::native::TypeTag::Str) => Value::str(""),
                        Some(super::native::TypeTag::List) => super::object::List::value(vec![]),
                        Some(super::native::TypeTag::Dict) => {
                            super::object::Dict::value(Default::default())
                        }
                        Some(super::native::TypeTag::Tuple) => Value::tuple(vec![]),
                        _ => return Err(no_attr(o, name)),
                    };
                    super::builtins::method(&sample, name)
                        .map(Value::Native)
                        .ok_or_else(|| no_attr(o, name))
                }
            },
            Value::Int(_) | Value::Bool(_) if name == "real" || name == "numerator" => {
                Ok(Value::Int(self.index_of(o)?))
            }
            Value::Int(_) | Value::Bool(_) if name == "imag" => Ok(Value::Int(0)),
            Value::Int(_) | Value::Bool(_) if name == "denominator" => Ok(Value::Int(1)),
            Value::Float(f) if name == "real" => Ok(Value::Float(*f)),
            Value::Float(_) if name == "imag" => Ok(Value::Float(0.0)),
            _ => self.builtin_method(o, name),
        }
    }

    fn builtin_method(&mut self, o: &Value, name: &str) -> Result<Value, TrapKind> {
        match super::builtins::method(o, name) {
            Some(n) => Ok(Value::obj(Object::NativeBound {
                obj: o.clone(),
                func: n,
            })),
            None => Err(no_attr(o, name)),
        }
    }

    /// `LOAD_METHOD`: avoids making a bound method for the common case.
    pub(crate) fn load_method(&mut self, o: &Value, name: &str) -> Result<Method, TrapKind> {
        match o {
            Value::Instance(i) => {
                if !i.attrs.lock().entries.iter().any(|(k, _)| &**k == name) {
                    if let Some(f @ Value::Func(_)) = i.class.lookup(name) {
                        return Ok(Method::Unbound(f));
                    }
                }
                self.getattr(o, name).map(Method::Plain)
            }
            Value::Str(_) | Value::List(_) | Value::Dict(_) | Value::Tuple(_) | Value::Lock(_) => {
                match super::builtins::method(o, name) {
                    Some(n) => Ok(Method::Unbound(Value::Native(n))),
                    None => Err(no_attr(o, name)),
                }
            }
            _ => self.getattr(o, name).map(Method::Plain),
        }
    }

    /// `o.name = v`.
    pub fn setattr(&mut self, o: &Value, name: &str, v: Value) -> Result<(), TrapKind> {
        match o {
            Value::Instance(i) => {
                if let Some(Value::Obj(p)) = i.class.lookup(name) {
                    if let Object::Property { set, .. } = &*p {
                        if matches!(set, Value::None) {
                            return Err(TrapKind::Builtin(
                                "AttributeError",
                                format!(
                                    "property '{name}' of '{}' object has no setter",
                                    i.class.name
                                ),
                            ));
                        }
                        let set = set.clone();
                        self.call(&set, Args::new(vec![o.clone(), v]))?;
                        return Ok(());
                    }
                }
                if let Some(sa) = i.class.lookup("__setattr__") {
                    self.call(&sa, Args::new(vec![o.clone(), Value::str(name), v]))?;
                    return Ok(());
                }
                let old = i.attrs.lock().set(name.into(), v);
                drop(old);
                Ok(())
            }
            Value::Class(c) => {
                let old = c.dict.lock().set(name.into(), v);
                drop(old);
                Ok(())
            }
            Value::Func(f) => {
                let old = f.attrs.lock().set(name.into(), v);
                drop(old);
                Ok(())
            }
            Value::Obj(m) if matches!(&**m, Object::PyModule { .. }) => {
                let Object::PyModule { index, .. } = &**m else {
                    unreachable!()
                };
                let prog = Arc::clone(&self.program);
                match prog.modules()[*index as usize]
                    .names
                    .iter()
                    .find(|(n, _)| n == name)
                {
                    Some((_, g)) => {
                        self.globals.store(*g, v);
                        Ok(())
                    }
                    None => Err(TrapKind::Builtin(
                        "AttributeError",
                        format!("gilsim: cannot add attribute '{name}' to a library module"),
                    )),
                }
            }
            other => Err(TrapKind::Builtin(
                "AttributeError",
                format!(
                    "'{}' object has no attribute '{name}' and no __dict__ for setting new attributes",
                    other.class_name()
                ),
            )),
        }
    }

    /// `del o.name`.
    pub fn delattr(&mut self, o: &Value, name: &str) -> Result<(), TrapKind> {
        if let Value::Instance(i) = o {
            if let Some(Value::Obj(p)) = i.class.lookup(name) {
                if let Object::Property { del, .. } = &*p {
                    if matches!(del, Value::None) {
                        return Err(TrapKind::Builtin(
                            "AttributeError",
                            format!(
                                "property '{name}' of '{}' object has no deleter",
                                i.class.name
                            ),
                        ));
                    }
                    let del = del.clone();
                    self.call(&del, Args::new(vec![o.clone()]))?;
                    return Ok(());
                }
            }
        }
        let removed = match o {
            Value::Instance(i) => i.attrs.lock().remove(name),
            Value::Class(c) => c.dict.lock().remove(name),
            Value::Func(f) => f.attrs.lock().remove(name),
            _ => None,
        };
        match removed {
            Some(_) => Ok(()),
            None => Err(no_attr(o, name)),
        }
    }
}

crate::native!(OBJECT_INIT, "__init__", "object.__init__", |_, _| Ok(
    Value::None
));
crate::native!(
    OBJECT_SETATTR,
    "__setattr__",
    "object.__setattr__",
    |_, a| {
        if let (Some(Value::Instance(i)), Some(Value::Str(n)), Some(v)) =
            (a.pos.first(), a.pos.get(1), a.pos.get(2))
        {
            let old = i.attrs.lock().set(Arc::from(n.as_str()), v.clone());
            drop(old);
        }
        Ok(Value::None)
    }
);

/// Builds a class from its namespace (`BUILD_CLASS`), wiring `super()`'s
/// `__class__` cell and checking the bases.
pub(crate) fn build_class(name: &str, bases: Vec<Value>, ns: Value) -> Result<Value, TrapKind> {
    let mut bs = Vec::new();
    for b in bases {
        match b {
            Value::Class(c) => bs.push(c),
            other => {
                return Err(TrapKind::Type(format!(
                    "not supported by gilsim: a class deriving from {} (only classes from class statements, object and the exceptions)",
                    crate::vm::repr::repr_plain(&other)
                )))
            }
        }
    }
    if bs.is_empty() {
        bs.push(Arc::clone(&exc::OBJECT));
    }
    let mut dict = Attrs::default();
    let mut classcell = None;
    if let Value::Dict(d) = &ns {
        for (k, v) in d.map.lock().iter() {
            if let Value::Str(k) = k {
                if k.as_str() == "__classcell__" {
                    classcell = Some(v.clone());
                    continue;
                }
                dict.set(Arc::from(k.as_str()), v.clone());
            }
        }
    }
    let c = ClassObj::new(name.into(), bs, dict).map_err(TrapKind::Type)?;
    if let Some(Value::Obj(cell)) = classcell {
        if let Object::Cell(m) = &*cell {
            *m.lock() = Value::Class(Arc::clone(&c));
        }
    }
    Ok(Value::Class(c))
}
