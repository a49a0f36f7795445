// Signals between processes and the mailbox that receives them.
//
// Every signal (a message, an exit, link/unlink, monitor/demonitor, a
// monitor's DOWN) travels through the receiver's inbox, so signals from one
// sender arrive in the order they were sent, whatever their kind.
//
// Invariants:
// * A Signal is one malloc block: the 40-byte struct, for signals other than
//   messages two control words (reason, ref), then `size` payload words that
//   hold every term the signal carries (copied by the sender; see copy.h).
//   Nothing in a signal points into any process heap. The header is kept at
//   40 bytes so a small message ({Tag, Pid}, say) shares its cache line: the
//   receiver's first touch of the signal brings the message in with it.
// * Inbox: many producers, one consumer (the process itself, on whichever
//   scheduler runs it). Producers push onto a lock-free stack; the consumer
//   takes the whole stack at once and reverses it, which restores send order.
//   A dead process closes its inbox: a push then fails and the sender treats
//   the receiver as gone (noproc for links and monitors).
// * MessageQueue: messages taken from the inbox, owned by the process alone.
//   The save point is the link that leads to the next message a receive will
//   look at; remove_message unlinks the current one and hands its block to
//   the heap as a fragment (its payload becomes part of the young generation).
#pragma once

#include <atomic>
#include <cstdint>

#include "vm/term/term.h"

namespace girder::vm {

enum class SignalKind : std::uint8_t {
  Message,    // payload: the message
  Exit,       // exit/2: reason (kill cannot be trapped); message: {'EXIT', From, Reason}
  LinkExit,   // a linked process died: reason; message: {'EXIT', From, Reason}
  Link,
  Unlink,
  Monitor,    // ref: the monitor's reference; reason: the name it was set up by, or []
  Demonitor,  // ref
  Down,       // ref; message: {'DOWN', Ref, process, Object, Reason}
};

struct Signal {
  Signal* next = nullptr;
  Term message;               // what the receiver's queue gets (Message, and the message form of exits/DOWN)
  Term from;                  // the sending process (a pid)
  Word* proc_bins = nullptr;  // ProcBins in the payload (copy.h)
  std::uint32_t size = 0;     // payload words
  SignalKind kind = SignalKind::Message;

  // Control words of signals other than messages.
  bool has_control() const { return kind != SignalKind::Message; }
  Term& reason() { return control()[0]; }  // Exit/LinkExit reason; Monitor: the monitored name
  Term& ref() { return control()[1]; }     // Monitor/Demonitor/Down reference
  Word* payload() { return reinterpret_cast<Word*>(this + 1) + (has_control() ? kControlWords : 0); }

  static constexpr Word kControlWords = 2;

 private:
  Term* control() { return reinterpret_cast<Term*>(this + 1); }
};
static_assert(sizeof(Signal) == 40, "a small message shares the header's cache line");

// A signal with room for `payload_words` words of terms.
Signal* new_signal(SignalKind kind, Term from, Word payload_words);
// Free a signal that was never adopted by a heap (drops its binary references).
void free_signal(Signal* s);

class Inbox {
 public:
  Inbox() = default;
  ~Inbox();  // frees what is still pending (a process dropped at VM exit)
  Inbox(const Inbox&) = delete;
  Inbox& operator=(const Inbox&) = delete;

  // Push from any thread. False if the inbox is closed (the owner is gone);
  // the caller still owns `s` then.
  bool push(Signal* s);
  // Take everything pushed so far, oldest first (owner only).
  Signal* take_all();
  // Close for good and return what was pending, oldest first (owner only).
  Signal* close();
  bool has_pending() const {
    // seq_cst: pairs with the owner's "store Waiting, then check" in the
    // scheduler so that a wake-up cannot be lost (see scheduler.cpp).
    Signal* h = head_.load(std::memory_order_seq_cst);
    return h != nullptr && h != closed_marker();
  }

 private:
  static Signal* closed_marker() { return reinterpret_cast<Signal*>(std::uintptr_t{1}); }
  static Signal* reverse(Signal* s);
  std::atomic<Signal*> head_{nullptr};
};

class MessageQueue {
 public:
  MessageQueue() = default;
  MessageQueue(const MessageQueue&) = delete;
  MessageQueue& operator=(const MessageQueue&) = delete;
  ~MessageQueue();

  void append(Signal* s) {
    s->next = nullptr;
    *last_ = s;
    last_ = &s->next;
    ++count_;
  }
  // The message at the save point, or nullptr at the end of the queue.
  Signal* current() const { return *save_; }
  // Byte offset of save_ (a Signal**) in a MessageQueue: the JIT scans the
  // queue inline. Signal::next is a signal's first word, so advancing is
  // save_ = current.
  static std::size_t save_offset();
  // Move the save point past the current message.
  void advance() { save_ = &(*save_)->next; }
  // Unlink the current message and reset the save point to the first one.
  Signal* remove_current();
  void reset_save() { save_ = &first_; }
  // The receive marker (fresh-reference optimisation): mark(ref) remembers
  // the end of the queue when a reference is made; no message that arrived
  // before can contain it. use_mark(ref), before a receive whose every clause
  // matches that reference, starts the scan there. A marker is bound to its
  // reference, so a marker set by other code (a nested call) is never used
  // for the wrong receive. remove_current() keeps the marker valid when it
  // unlinks the message the marker follows.
  void mark(Word ref_w0, Word ref_w1) {
    marker_ = last_;
    marker_ref_[0] = ref_w0;
    marker_ref_[1] = ref_w1;
  }
  void use_mark(Word ref_w0, Word ref_w1) {
    if (marker_ != nullptr && marker_ref_[0] == ref_w0 && marker_ref_[1] == ref_w1) save_ = marker_;
  }
  bool save_at_end() const { return *save_ == nullptr; }

  std::size_t count() const { return count_; }
  Signal* first() const { return first_; }
  // Free every queued message (process exit).
  void clear();

 private:
  Signal* first_ = nullptr;
  Signal** last_ = &first_;
  Signal** save_ = &first_;
  Signal** marker_ = nullptr;
  Word marker_ref_[2] = {0, 0};
  std::size_t count_ = 0;
};

}  // namespace girder::vm
