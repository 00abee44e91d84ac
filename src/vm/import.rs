//! `IMPORT_NAME` of a library module written in Python: the first import
//! makes the module object, records it (so a circular import sees it, as
//! Python's `sys.modules` does) and runs the module's code in a frame of
//! its own; the module object is the instruction's result once that code
//! returns. Later imports push the recorded object.

use super::frame::FrameKind;
use super::object::Object;
use super::slots::Ctl;
use super::trap::TrapKind;
use super::value::Value;
use super::Interp;
use std::sync::Arc;

impl Interp {
    /// Imports linked module `i`, running its code on first import.
    pub(super) fn import_library(&mut self, i: usize) -> Result<Ctl, TrapKind> {
        let prog = Arc::clone(&self.program);
        let m = &prog.modules()[i];
        let known = self.globals.load(m.slot);
        if !matches!(known, Value::Unbound) {
            self.stack.push(known);
            return Ok(Ctl::Next);
        }
        let module = module_object(i, &m.name);
        self.globals.store(m.slot, module.clone());
        // A submodule is its package's attribute. The compiler imports
        // the package (running its `__init__.py`) before the submodule;
        // the package object is only made here if nothing bound it yet.
        if let Some((parent, child)) = m.name.rsplit_once('.') {
            if let Some(p) = prog.module_index(parent) {
                let pm = &prog.modules()[p];
                if let Some((_, g)) = pm.names.iter().find(|(n, _)| n == child) {
                    self.globals.store(*g, module.clone());
                }
                if matches!(self.globals.load(pm.slot), Value::Unbound) {
                    self.globals.store(pm.slot, module_object(p, &pm.name));
                }
            }
        }
        // As `__init__`: the module object stays under the frame and is
        // the result when its code returns `None`.
        self.stack.push(module);
        let code = &prog.functions()[m.init as usize];
        let locals = vec![Value::Unbound; code.local_names.len()];
        self.push_frame(m.init, locals, FrameKind::Init, None, 0)?;
        Ok(Ctl::Next)
    }
}

fn module_object(i: usize, name: &str) -> Value {
    Value::obj(Object::PyModule {
        index: i as u32,
        name: Arc::from(name),
    })
}
