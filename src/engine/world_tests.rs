//! Tests of the world's state machine: locks and their hand-off, joins,
//! deadlocks, timed waits, daemon threads and channels.

use super::*;

fn world(n: u32) -> World {
    let mut w = World::new(8);
    for i in 0..n {
        w.register(|_| format!("t{i}")).unwrap();
    }
    w
}

#[test]
fn a_release_wakes_the_longest_waiter_who_may_find_the_lock_taken() {
    let mut w = world(4);
    let l = w.new_lock();
    assert_eq!(w.acquire(0, l), Wait::Ready);
    assert_eq!(w.acquire(1, l), Wait::Blocked);
    assert_eq!(w.acquire(2, l), Wait::Blocked);
    w.release(l).unwrap();
    assert_eq!(w.take_woken(), vec![1]);
    assert_eq!(w.activity(1), Activity::Runnable);
    // Thread 3 comes first and takes the lock: 1 queues at the head.
    assert_eq!(w.acquire(3, l), Wait::Ready);
    assert_eq!(w.retry(1, l), Wait::Blocked);
    w.release(l).unwrap();
    assert_eq!(w.take_woken(), vec![1], "still first in line");
    assert_eq!(w.retry(1, l), Wait::Ready);
    assert_eq!(w.held_locks(1), vec![l]);
    assert!(w.release(l).is_ok() && w.release(l).is_err());
}

#[test]
fn the_last_thread_to_block_finds_the_deadlock() {
    let mut w = world(2);
    let (a, b) = (w.new_lock(), w.new_lock());
    assert_eq!(w.acquire(0, a), Wait::Ready);
    assert_eq!(w.acquire(1, b), Wait::Ready);
    assert_eq!(w.acquire(0, b), Wait::Blocked);
    assert_eq!(w.acquire(1, a), Wait::Deadlock);
    let r = w.deadlock().unwrap();
    assert!(r.contains("t0 waits for lock 1, held by t1"), "{r}");
    assert!(w.stopped());
    assert!(w.register(|_| "late".into()).is_err());
}

#[test]
fn joins_wake_on_the_end_and_a_lock_held_by_the_dead_deadlocks() {
    let mut w = world(2);
    assert!(w.join(0, 0).is_err(), "cannot join current thread");
    assert_eq!(w.join(0, 1).unwrap(), Wait::Blocked);
    let l = w.new_lock();
    assert_eq!(w.acquire(1, l), Wait::Ready);
    w.finish(1);
    assert!(w.deadlock().is_none(), "the joiner is woken");
    assert_eq!(w.take_woken(), vec![0]);
    assert_eq!(w.join(0, 1).unwrap(), Wait::Ready);
    assert_eq!(w.acquire(0, l), Wait::Deadlock);
    assert!(w.deadlock().unwrap().contains("held by t1"));
}

#[test]
fn a_busy_thread_is_no_deadlock_and_the_limit_holds() {
    let mut w = world(2);
    let l = w.new_lock();
    w.acquire(0, l);
    w.set_activity(0, Activity::Io);
    assert_eq!(w.acquire(1, l), Wait::Blocked);
    w.set_activity(0, Activity::Runnable);
    w.finish(0);
    assert!(
        w.deadlock()
            .unwrap()
            .contains("t1 waits for lock 0, held by t0"),
        "the last thread able to release the lock ended"
    );
    let mut small = World::new(1);
    small.register(|_| "a".into()).unwrap();
    assert!(small.register(|_| "b".into()).is_err());
}

#[test]
fn a_chain_of_joins_among_many_threads_ends_without_deadlock() {
    // Each thread joins the next; the last ends and the chain unwinds.
    // (Checking every thread at each block would make this quadratic.)
    let n = 50_000;
    let mut w = World::new(n);
    for i in 0..n {
        w.register(|_| format!("t{i}")).unwrap();
    }
    for t in 0..n - 1 {
        assert_eq!(w.join(t, t + 1).unwrap(), Wait::Blocked);
    }
    for t in (0..n).rev() {
        w.finish(t);
        assert_eq!(w.take_woken(), if t > 0 { vec![t - 1] } else { vec![] });
    }
    assert!(w.all_done() && w.deadlock().is_none());
}
#[test]
fn a_timed_wait_never_deadlocks_and_gives_up_or_takes_a_freed_lock() {
    let mut w = world(2);
    let l = w.new_lock();
    assert_eq!(w.acquire(0, l), Wait::Ready);
    // Thread 1 waits with a timeout; thread 0 then blocks for good on
    // a lock thread 1 holds: no deadlock, thread 1's wait ends by itself.
    let m = w.new_lock();
    assert_eq!(w.acquire(1, m), Wait::Ready);
    assert_eq!(w.acquire_timed(1, l), Wait::Blocked);
    assert_eq!(w.acquire(0, m), Wait::Blocked);
    assert!(w.deadlock().is_none());
    // The timeout comes: 1 leaves the queue without the lock.
    assert!(!w.give_up(1, l));
    assert_eq!(w.activity(1), Activity::Runnable);
    w.release(l).unwrap();
    assert!(w.take_woken().is_empty(), "1 left the queue");
    // A timed waiter woken by a release takes the lock on retry.
    assert_eq!(w.acquire(0, l), Wait::Ready);
    assert_eq!(w.acquire_timed(1, l), Wait::Blocked);
    w.release(l).unwrap();
    assert_eq!(w.take_woken(), vec![1]);
    assert_eq!(w.retry_timed(1, l), Wait::Ready);
    // Giving up after the lock became free takes it after all.
    let k = w.new_lock();
    assert_eq!(w.acquire(0, k), Wait::Ready);
    assert_eq!(w.acquire_timed(1, k), Wait::Blocked);
    w.release(k).unwrap();
    w.take_woken();
    assert!(w.give_up(1, k), "free when the timeout fired");
}

#[test]
fn daemon_threads_do_not_keep_the_run_alive_nor_deadlock_it() {
    let mut w = world(2);
    w.set_daemon(1);
    let l = w.new_lock();
    assert_eq!(w.acquire(0, l), Wait::Ready);
    assert_eq!(w.acquire(1, l), Wait::Blocked);
    assert!(!w.all_done());
    w.finish(0);
    assert!(w.all_done(), "only a daemon is left");
    assert!(w.any_live());
    assert!(
        w.deadlock().is_none(),
        "a daemon blocked for good is no deadlock"
    );
}

#[test]
fn channels_carry_messages_in_order_and_wake_one_receiver() {
    let mut w = world(3);
    let ch = w.new_chan();
    assert!(w.is_chan(ch) && !w.is_chan(ch + 1));
    assert_eq!(w.try_recv(ch), None);
    assert_eq!(w.wait_recv(1, ch, false, false), Wait::Blocked);
    assert_eq!(w.wait_recv(2, ch, true, false), Wait::Blocked);
    w.send(ch, b"a".to_vec());
    w.send(ch, b"b".to_vec());
    assert_eq!(w.take_woken(), vec![1, 2]);
    assert_eq!(w.chan_len(ch), 2);
    assert_eq!(w.try_recv(ch), Some(b"a".to_vec()));
    assert_eq!(w.give_up_recv(2, ch), Some(b"b".to_vec()));
    // Every live thread waiting for a message nobody can send: deadlock.
    assert_eq!(w.wait_recv(1, ch, false, false), Wait::Blocked);
    assert_eq!(w.wait_recv(2, ch, false, false), Wait::Blocked);
    assert_eq!(w.wait_recv(0, ch, false, false), Wait::Deadlock);
    assert!(w
        .deadlock()
        .unwrap()
        .contains("waits for a message on channel 0"));
}
