//! Which library call a thread is blocked in, for reports and traces
//! (`crate::stdlib::BLOCKING_OPS`): the outermost library frame on its
//! stack that names a blocking operation.

use super::Interp;

impl Interp {
    /// The blocking library operation the thread is in (an index of
    /// `crate::stdlib::BLOCKING_OPS`), if any.
    pub fn blocking_op(&self) -> Option<u16> {
        let p = &self.program;
        if p.modules().is_empty() {
            return None;
        }
        self.frames.iter().find_map(|fr| {
            let f = &p.functions()[fr.func as usize];
            if f.source == 0 {
                return None;
            }
            crate::stdlib::blocking_op(&f.name)
        })
    }
}
