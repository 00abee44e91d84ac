//! `dataclasses.dataclass`: a class's annotated fields become its
//! `__init__` parameters, its `repr` and its equality, as in CPython;
//! `field(default=..., default_factory=...)`, `order=True` (comparisons as
//! tuples of the fields) and `frozen=True` (assignment raises
//! `FrozenInstanceError`; instances hash by their fields) are modelled.
//! Other options (`eq=False`, `kw_only`, `slots`...) are accepted and
//! ignored.

use crate::bytecode::CmpOp;
use crate::vm::native::{Args, Flow};
use crate::vm::object::{ClassObj, InstanceObj};
use crate::vm::trap::TrapKind;
use crate::vm::value::Value;
use crate::vm::Interp;
use std::sync::Arc;

crate::native!(DATACLASS, "dataclass", "dataclasses.dataclass", dataclass);
crate::native!(
    DATACLASS_WITH,
    "dataclass",
    "dataclasses.dataclass",
    dataclass_with
);
crate::native!(FIELD, "field", "dataclasses.field", field);
crate::native!(DC_LT, "__lt__", "dataclass.__lt__", |vm, a| dc_order(
    vm,
    a,
    CmpOp::Lt
));
crate::native!(DC_LE, "__le__", "dataclass.__le__", |vm, a| dc_order(
    vm,
    a,
    CmpOp::Le
));
crate::native!(DC_GT, "__gt__", "dataclass.__gt__", |vm, a| dc_order(
    vm,
    a,
    CmpOp::Gt
));
crate::native!(DC_GE, "__ge__", "dataclass.__ge__", |vm, a| dc_order(
    vm,
    a,
    CmpOp::Ge
));
crate::native!(
    DC_SETATTR,
    "__setattr__",
    "dataclass.__setattr__",
    |_, a| {
        let name = a.pos.get(1).map(|n| n.to_string()).unwrap_or_default();
        Err(crate::vm::object::exc::raise_class(
            &FROZEN,
            vec![Value::str(format!("cannot assign to field '{name}'"))],
        )
        .into())
    }
);

/// `dataclasses.FrozenInstanceError`.
pub static FROZEN: std::sync::LazyLock<Arc<ClassObj>> = std::sync::LazyLock::new(|| {
    ClassObj::new(
        "FrozenInstanceError".into(),
        vec![crate::vm::object::exc::class("AttributeError")],
        Default::default(),
    )
    .expect("one base")
});

/// `dataclasses.field(...)`: what the class body sees as the default.
static FIELD_CLASS: std::sync::LazyLock<Arc<ClassObj>> = std::sync::LazyLock::new(|| {
    ClassObj::new(
        "Field".into(),
        vec![Arc::clone(&crate::vm::object::exc::OBJECT)],
        Default::default(),
    )
    .expect("one base")
});

fn field(_vm: &mut Interp, mut a: Args) -> Result<Value, Flow> {
    let f = InstanceObj::new(Arc::clone(&FIELD_CLASS));
    {
        let mut at = f.attrs.lock();
        at.set(
            "default".into(),
            a.take_kw("default").unwrap_or(Value::Unbound),
        );
        at.set(
            "default_factory".into(),
            a.take_kw("default_factory").unwrap_or(Value::None),
        );
    }
    Ok(Value::Instance(f))
}

/// `@dataclass(order=True, frozen=True)`: the options, waiting for the class.
fn dataclass_with(vm: &mut Interp, a: Args) -> Result<Value, Flow> {
    // pos[0] is the options tuple (order, frozen) bound by `dataclass(...)`.
    let opts = a.pos.first().cloned().unwrap_or(Value::None);
    let cls = a.pos.get(1).cloned().unwrap_or(Value::None);
    let flag = |i: usize| matches!(&opts, Value::Tuple(t) if t.get(i).is_some_and(Value::truthy));
    let (order, frozen) = (flag(0), flag(1));
    let c = dataclass(vm, Args::new(vec![cls]))?;
    if let Value::Class(k) = &c {
        let mut d = k.dict.lock();
        if order {
            for (n, f) in [
                ("__lt__", &DC_LT),
                ("__le__", &DC_LE),
                ("__gt__", &DC_GT),
                ("__ge__", &DC_GE),
            ] {
                d.set(n.into(), Value::Native(f));
            }
        }
        if frozen {
            d.set("__setattr__".into(), Value::Native(&DC_SETATTR));
            d.set("__dataclass_frozen__".into(), Value::Bool(true));
        }
    }
    Ok(c)
}
crate::native!(DC_INIT, "__init__", "dataclass.__init__", dc_init);
crate::native!(DC_REPR, "__repr__", "dataclass.__repr__", dc_repr);
crate::native!(DC_EQ, "__eq__", "dataclass.__eq__", dc_eq);

fn dataclass(_vm: &mut Interp, mut a: Args) -> Result<Value, Flow> {
    let Some(Value::Class(c)) = a.pos.first() else {
        // `@dataclass(...)` with options: a decorator remembering them.
        let order = a.take_kw("order").is_some_and(|v| v.truthy());
        let frozen = a.take_kw("frozen").is_some_and(|v| v.truthy());
        return Ok(Value::obj(crate::vm::object::Object::NativeBound {
            obj: Value::tuple(vec![Value::Bool(order), Value::Bool(frozen)]),
            func: &DATACLASS_WITH,
        }));
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
    for (name, f) in [
        ("__init__", &DC_INIT),
        ("__repr__", &DC_REPR),
        ("__eq__", &DC_EQ),
    ] {
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
    let qual = qual.as_str();
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
                return Err(TrapKind::Type(format!(
                    "{qual}() got multiple values for argument '{k}'"
                ))
                .into())
            }
            None => {
                return Err(TrapKind::Type(format!(
                    "{qual}() got an unexpected keyword argument '{k}'"
                ))
                .into())
            }
        }
    }
    let mut missing = vec![];
    for i in 0..names.len() {
        if matches!(vals[i], Value::Unbound) {
            match defaults.get(i) {
                Some(Value::Unbound) | None => missing.push(format!("'{}'", names[i])),
                Some(Value::Instance(f)) if Arc::ptr_eq(&f.class, &FIELD_CLASS) => {
                    let (d, factory) = {
                        let at = f.attrs.lock();
                        (
                            at.get("default").cloned().unwrap_or(Value::Unbound),
                            at.get("default_factory").cloned().unwrap_or(Value::None),
                        )
                    };
                    if !matches!(factory, Value::None) {
                        vals[i] = vm.call(&factory, Args::default())?;
                    } else if matches!(d, Value::Unbound) {
                        missing.push(format!("'{}'", names[i]));
                    } else {
                        vals[i] = d;
                    }
                }
                Some(d) => vals[i] = d.clone(),
            }
        }
    }
    if !missing.is_empty() {
        let list = match missing.len() {
            1 => missing[0].clone(),
            2 => format!("{} and {}", missing[0], missing[1]),
            _ => format!(
                "{}, and {}",
                missing[..missing.len() - 1].join(", "),
                missing[missing.len() - 1]
            ),
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
    Ok(Value::str(format!(
        "{}({})",
        inst.class.name,
        parts.join(", ")
    )))
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
        let (u, v) = (
            vm.getattr(x, &n.to_string())?,
            vm.getattr(y, &n.to_string())?,
        );
        if !vm.eq(&u, &v)? {
            return Ok(Value::Bool(false));
        }
    }
    Ok(Value::Bool(true))
}

fn dc_order(vm: &mut Interp, a: Args, op: CmpOp) -> Result<Value, Flow> {
    let (Some(x @ Value::Instance(p)), Some(y)) = (a.pos.first(), a.pos.get(1)) else {
        return Err(TrapKind::Type("comparison needs two arguments".into()).into());
    };
    let Value::Instance(q) = y else {
        return Ok(Value::Native(&super::objects::NOT_IMPLEMENTED));
    };
    if !Arc::ptr_eq(&p.class, &q.class) {
        return Ok(Value::Native(&super::objects::NOT_IMPLEMENTED));
    }
    let (names, _) = fields(&p.class);
    let mut xs = vec![];
    let mut ys = vec![];
    for n in &names {
        xs.push(vm.getattr(x, &n.to_string())?);
        ys.push(vm.getattr(y, &n.to_string())?);
    }
    Ok(Value::Bool(vm.compare(
        op,
        &Value::tuple(xs),
        &Value::tuple(ys),
    )?))
}

/// The field values of a frozen dataclass instance (its hash and dict-key
/// identity), or `None` for anything else.
pub fn frozen_fields(v: &Value) -> Option<Vec<Value>> {
    let Value::Instance(i) = v else { return None };
    if !matches!(
        i.class.lookup("__dataclass_frozen__"),
        Some(Value::Bool(true))
    ) {
        return None;
    }
    let (names, _) = fields(&i.class);
    let at = i.attrs.lock();
    Some(
        names
            .iter()
            .map(|n| at.get(&n.to_string()).cloned().unwrap_or(Value::None))
            .collect(),
    )
}
