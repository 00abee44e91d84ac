//! `dataclasses.dataclass`: a class's annotated fields become its
//! `__init__` parameters, its `repr` and its equality, as in CPython.
//! (`field()`, `frozen=`, `order=` and the other options are not modelled:
//! the decorator takes them and ignores them.)

use crate::vm::native::{Args, Flow};
use crate::vm::object::ClassObj;
use crate::vm::trap::TrapKind;
use crate::vm::value::Value;
use crate::vm::Interp;
use std::sync::Arc;

crate::native!(DATACLASS, "dataclass", "dataclasses.dataclass", dataclass);
crate::native!(DC_INIT, "__init__", "dataclass.__init__", dc_init);
crate::native!(DC_REPR, "__repr__", "dataclass.__repr__", dc_repr);
crate::native!(DC_EQ, "__eq__", "dataclass.__eq__", dc_eq);

fn dataclass(_vm: &mut Interp, a: Args) -> Result<Value, Flow> {
    let Some(Value::Class(c)) = a.pos.first() else {
        // `@dataclass(...)` with options: the decorator itself.
        return Ok(Value::Native(&DATACLASS));
    };
    let (names, defaults) = {
        let d = c.dict.lock();
        let mut names = vec![];
        let mut defaults = vec![];
        if let Some(Value::Dict(ann)) = d.get("__annotations__") {
            for k in ann.map.lock().keys() {
                if let Value::Str(s) = k {
                    names.push(Value::str(s.as_str()));
                    defaults.push(d.get(s).cloned().unwrap_or(Value::Unbound));
                }
            }
        }
        (names, defaults)
    };
    let mut d = c.dict.lock();
    d.set("__dataclass_fields__".into(), Value::tuple(names));
    d.set("__dataclass_defaults__".into(), Value::tuple(defaults));
    for (name, f) in [("__init__", &DC_INIT), ("__repr__", &DC_REPR), ("__eq__", &DC_EQ)] {
        if d.get(name).is_none() {
            d.set(name.into(), Value::Native(f));
        }
    }
    drop(d);
    Ok(Value::Class(Arc::clone(c)))
}

fn fields(c: &Arc<ClassObj>) -> (Vec<Value>, Vec<Value>) {
    let t = |v: Option<Value>| match v {
        Some(Value::Tuple(t)) => t.to_vec(),
        _ => vec![],
    };
    (
        t(c.lookup("__dataclass_fields__")),
        t(c.lookup("__dataclass_defaults__")),
    )
}

fn dc_init(vm: &mut Interp, mut a: Args) -> Result<Value, Flow> {
    let Some(Value::Instance(inst)) = a.pos.first().cloned() else {
        return Err(TrapKind::Type("__init__ needs an instance".into()).into());
    };
    let (names, defaults) = fields(&inst.class);
    let qual = format!("{}.__init__", inst.class.name);
    let mut vals = vec![Value::Unbound; names.len()];
    let pos: Vec<Value> = a.pos.drain(1..).collect();
    if pos.len() > names.len() {
        return Err(TrapKind::Type(format!(
            "{qual}() takes {} positional arguments but {} were given",
            names.len() + 1,
            pos.len() + 1
        ))
        .into());
    }
    for (i, v) in pos.into_iter().enumerate() {
        vals[i] = v;
    }
    for (k, v) in a.kw.drain(..) {
        match names.iter().position(|n| n.to_string() == *k) {
            Some(i) if matches!(vals[i], Value::Unbound) => vals[i] = v,
            Some(_) => {
                return Err(TrapKind::Type(format!("{qual}() got multiple values for argument '{k}'")).into())
            }
            None => {
                return Err(TrapKind::Type(format!("{qual}() got an unexpected keyword argument '{k}'")).into())
            }
        }
    }
    let mut missing = vec![];
    for i in 0..names.len() {
        if matches!(vals[i], Value::Unbound) {
            match defaults.get(i) {
                Some(Value::Unbound) | None => missing.push(format!("'{}'", names[i])),
                Some(d) => vals[i] = d.clone(),
            }
        }
    }
    if !missing.is_empty() {
        let list = match missing.len() {
            1 => missing[0].clone(),
            2 => format!("{} and {}", missing[0], missing[1]),
            _ => format!("{}, and {}", missing[..missing.len() - 1].join(", "), missing[missing.len() - 1]),
        };
        return Err(TrapKind::Type(format!(
            "{qual}() missing {} required positional argument{}: {list}",
            missing.len(),
            if missing.len() == 1 { "" } else { "s" }
        ))
        .into());
    }
    {
        let mut at = inst.attrs.lock();
        for (n, v) in names.iter().zip(vals) {
            at.set(Arc::from(n.to_string().as_str()), v);
        }
    }
    if let Some(post) = inst.class.lookup("__post_init__") {
        vm.call(&post, Args::new(vec![Value::Instance(Arc::clone(&inst))]))?;
    }
    Ok(Value::None)
}

fn dc_repr(vm: &mut Interp, a: Args) -> Result<Value, Flow> {
    let Some(v @ Value::Instance(inst)) = a.pos.first() else {
        return Err(TrapKind::Type("__repr__ needs an instance".into()).into());
    };
    let (names, _) = fields(&inst.class);
    let mut parts = vec![];
    for n in &names {
        let x = vm.getattr(v, &n.to_string())?;
        parts.push(format!("{}={}", n, vm.repr(&x)?));
    }
    Ok(Value::str(format!("{}({})", inst.class.name, parts.join(", "))))
}

fn dc_eq(vm: &mut Interp, a: Args) -> Result<Value, Flow> {
    let (Some(x @ Value::Instance(p)), Some(y)) = (a.pos.first(), a.pos.get(1)) else {
        return Err(TrapKind::Type("__eq__ needs two arguments".into()).into());
    };
    let Value::Instance(q) = y else {
        return Ok(Value::Native(&super::objects::NOT_IMPLEMENTED));
    };
    if !Arc::ptr_eq(&p.class, &q.class) {
        return Ok(Value::Native(&super::objects::NOT_IMPLEMENTED));
    }
    let (names, _) = fields(&p.class);
    for n in &names {
        let (u, v) = (vm.getattr(x, &n.to_string())?, vm.getattr(y, &n.to_string())?);
        if !vm.eq(&u, &v)? {
            return Ok(Value::Bool(false));
        }
    }
    Ok(Value::Bool(true))
}
