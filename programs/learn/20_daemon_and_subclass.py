"""20 — Thread subclasses and daemon threads.

Shows two more ways to use threading.Thread.
  1. A subclass: override run() (start() calls it on the new thread) and
     keep the thread's inputs and results as attributes. After join()
     the main thread reads them: another way to get results back (05).
     Call super().__init__() first, with name= if you like.
  2. A daemon thread: Thread(..., daemon=True). The program does not
     wait for daemon threads at its end: when the last non-daemon thread
     (here the main thread) finishes, the interpreter exits and daemons
     are stopped wherever they are, without running their `finally:`
     blocks. Fine for background chores that may be cut off (a heartbeat,
     a cache refresh); wrong for work that must finish (writing a file).
     A thread created by a daemon is a daemon too; the main thread is
     not one, and neither are the threads it creates unless told.
  3. Here the daemon "autosaver" is still in its first sleep when the
     program ends: neither its last line nor its `finally:` prints. Set
     DAEMON = False to see the difference: the program then waits for
     it (about 2 s) before it exits, and both lines print.

Run:  python3 programs/learn/20_daemon_and_subclass.py
      gilsim run programs/learn/20_daemon_and_subclass.py --format text
The table has a row for the autosaver with no finished "io ops": the
run ended while it was in its first sleep (gilsim, like CPython, does
not wait for a daemon thread). With DAEMON = False it shows 20.
"""
import threading
import time

DAEMON = True


class Counter(threading.Thread):
    """Counts the vowels of a text on its own thread."""

    def __init__(self, text):
        super().__init__(name=f"counter-{text.split()[0]}")
        self.text = text
        self.vowels = None  # the result, set by run()

    def run(self):
        self.vowels = sum(1 for ch in self.text if ch in "aeiou")


def autosave(saves):
    try:
        while len(saves) < 20:
            time.sleep(0.1)  # pretend to save every 100 ms
            saves.append("saved")
        print("autosaver: 20 saves done")
    finally:
        print("autosaver: finally")  # a daemon stopped at exit never gets here


def main():
    counters = [
        Counter("threads share memory"),
        Counter("processes have their own"),
        Counter("asyncio runs on one thread"),
    ]
    for c in counters:
        c.start()
    for c in counters:
        c.join()
    for c in counters:
        print(f"1. {c.name}: {c.vowels} vowels in {c.text!r}")

    saves = []
    saver = threading.Thread(target=autosave, args=(saves,), daemon=DAEMON, name="autosaver")
    saver.start()
    print(f"2. {saver.name}: daemon={saver.daemon}; main thread daemon={threading.current_thread().daemon};"
          f" counters daemon={counters[0].daemon}")
    time.sleep(0.05)  # the main thread's own last bit of work
    print(f"3. main ends; the autosaver is alive: {saver.is_alive()}")


if __name__ == "__main__":
    main()
