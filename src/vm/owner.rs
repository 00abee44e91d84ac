//! Who touches a mutable object: an owner tag like free-threaded CPython's
//! `ob_tid` (PEP 703, biased reference counting), and the counts the
//! virtual engine prices free mode's costs from.
//!
//! Lists, dicts (and sets, which are dicts) and instances carry an
//! [`Owner`]. When counting is on (free mode under a costly
//! `--free-threading` profile), each container operation the interpreter
//! makes on such an object — a subscript, an attribute of an instance, a
//! method looked up on a container, an `in` test — counts as one touch; the
//! first thread to touch the object becomes its owner, and once another
//! thread touches it the object is *shared* for good (CPython's objects
//! merge into shared reference counting the same way). A touch of a shared
//! object counts as a shared touch for every thread, owner included: the
//! owner's accesses move the same cache line and take the same lock.
//!
//! | state        | tag value | touch by its owner | touch by another thread  |
//! |--------------|-----------|--------------------|--------------------------|
//! | fresh        | 0         | (none yet)         | becomes owned by it      |
//! | owned by `t` | `t + 1`   | private            | becomes shared: shared   |
//! | shared       | `u32::MAX`| shared             | shared                   |

use std::sync::atomic::{AtomicU32, Ordering::Relaxed};

/// The tag of a shared object.
const SHARED: u32 = u32::MAX;

/// A mutable object's owner tag (see the module notes).
#[derive(Debug, Default)]
pub struct Owner(AtomicU32);

impl Owner {
    /// Records a touch by thread `ident`; returns whether the object is
    /// shared (touched by more than one thread) from now on.
    #[inline]
    pub fn touch(&self, ident: u32) -> bool {
        let me = ident.saturating_add(1).min(SHARED - 1);
        let cur = self.0.load(Relaxed);
        if cur == me {
            return false;
        }
        if cur == 0 {
            match self.0.compare_exchange(0, me, Relaxed, Relaxed) {
                Ok(_) => return false,
                Err(c) if c == me => return false,
                Err(_) => {}
            }
        }
        if cur != SHARED {
            self.0.store(SHARED, Relaxed);
        }
        true
    }

    /// Whether a second thread has touched the object.
    pub fn is_shared(&self) -> bool {
        self.0.load(Relaxed) == SHARED
    }
}

/// One thread's container operations, counted only when `on`.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Sharing {
    /// Count touches (free mode under a costly profile); off, nothing is
    /// counted and the owner tags are left alone.
    pub on: bool,
    /// Container operations on mutable objects.
    pub touches: u64,
    /// Of those, operations on objects shared with another thread.
    pub shared: u64,
}

impl Sharing {
    /// Counts one container operation on the object tagged `owner`.
    #[inline]
    pub fn touch(&mut self, owner: &Owner, ident: u32) {
        if self.on {
            self.touches += 1;
            if owner.touch(ident) {
                self.shared += 1;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_toucher_owns_and_a_second_shares_for_good() {
        let o = Owner::default();
        assert!(!o.touch(0));
        assert!(!o.touch(0));
        assert!(!o.is_shared());
        assert!(o.touch(1));
        assert!(o.is_shared());
        assert!(
            o.touch(0),
            "the owner's touches of a shared object are shared"
        );
    }

    #[test]
    fn counting_off_leaves_tags_and_counts_alone() {
        let o = Owner::default();
        let mut s = Sharing::default();
        s.touch(&o, 3);
        assert_eq!(s, Sharing::default());
        s.on = true;
        s.touch(&o, 3);
        s.touch(&o, 4);
        s.touch(&o, 3);
        assert_eq!((s.touches, s.shared), (3, 2));
    }
}
