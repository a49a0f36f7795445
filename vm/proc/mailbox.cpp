#include "vm/proc/mailbox.h"

#include <cstddef>

#include <cstdlib>
#include <new>

#include "vm/heap/copy.h"

namespace girder::vm {

Signal* new_signal(SignalKind kind, Term from, Word payload_words) {
  // A payload beyond 2^32 words (32 GB) could not have been allocated anyway.
  if (payload_words > UINT32_MAX) std::abort();
  Word control = kind == SignalKind::Message ? 0 : Signal::kControlWords;
  void* block = std::malloc(sizeof(Signal) + (control + payload_words) * sizeof(Word));
  if (block == nullptr) std::abort();
  auto* s = new (block) Signal();
  s->kind = kind;
  s->from = from;
  s->size = static_cast<std::uint32_t>(payload_words);
  if (control != 0) {
    s->reason() = kNonValue;
    s->ref() = kNonValue;
  }
  return s;
}

void free_signal(Signal* s) {
  release_proc_bins(s->proc_bins);
  std::free(s);
}

Inbox::~Inbox() {
  for (Signal* s = close(); s != nullptr;) {
    Signal* next = s->next;
    free_signal(s);
    s = next;
  }
}

bool Inbox::push(Signal* s) {
  // relaxed load: the CAS below re-validates it.
  Signal* old = head_.load(std::memory_order_relaxed);
  do {
    if (old == closed_marker()) return false;
    s->next = old;
    // seq_cst on success: publishes the signal's contents to the consumer
    // (release) and orders the push before the sender's read of the
    // receiver's state (the Dekker pair with the scheduler's wait path).
  } while (!head_.compare_exchange_weak(old, s, std::memory_order_seq_cst, std::memory_order_relaxed));
  return true;
}

Signal* Inbox::reverse(Signal* s) {
  Signal* out = nullptr;
  while (s != nullptr) {
    Signal* next = s->next;
    s->next = out;
    out = s;
    s = next;
  }
  return out;
}

Signal* Inbox::take_all() {
  // Cheap check first: most calls find nothing.
  Signal* h = head_.load(std::memory_order_relaxed);
  if (h == nullptr || h == closed_marker()) return nullptr;
  // acquire: see the payloads the producers wrote before pushing.
  h = head_.exchange(nullptr, std::memory_order_acquire);
  return reverse(h);
}

Signal* Inbox::close() {
  // acq_rel: see pending payloads; make the closed state visible to pushers.
  Signal* h = head_.exchange(closed_marker(), std::memory_order_acq_rel);
  if (h == closed_marker()) return nullptr;
  return reverse(h);
}

MessageQueue::~MessageQueue() { clear(); }

Signal* MessageQueue::remove_current() {
  Signal* s = *save_;
  *save_ = s->next;
  if (last_ == &s->next) last_ = save_;
  if (marker_ == &s->next) marker_ = save_;
  s->next = nullptr;
  --count_;
  save_ = &first_;
  return s;
}

void MessageQueue::clear() {
  Signal* s = first_;
  while (s != nullptr) {
    Signal* next = s->next;
    free_signal(s);
    s = next;
  }
  first_ = nullptr;
  last_ = &first_;
  save_ = &first_;
  marker_ = nullptr;
  count_ = 0;
}

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Winvalid-offsetof"
std::size_t MessageQueue::save_offset() { return offsetof(MessageQueue, save_); }
static_assert(offsetof(Signal, next) == 0, "the JIT advances the save point as save_ = current");
#pragma GCC diagnostic pop

}  // namespace girder::vm
