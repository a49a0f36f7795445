// Signals and mailboxes (vm/mailbox.h): the lock-free many-producer inbox
// (order, close, a multi-threaded stress test) and the receiver's message
// queue (save point, removal, the receive marker bound to a reference).
#include <gtest/gtest.h>

#include <atomic>
#include <thread>
#include <vector>

#include "vm/proc/mailbox.h"

namespace girder::vm {
namespace {

// A message signal tagged with a small integer (and, for the threaded tests,
// the producer as its sender pid).
Signal* tagged(SWord tag, Word producer = 0) {
  Signal* s = new_signal(SignalKind::Message, Term::pid(producer), 0);
  s->message = Term::small(tag);
  return s;
}

SWord tag_of(const Signal* s) { return s->message.small_value(); }

// Tags along a chain of signals linked by `next`.
std::vector<SWord> tags(Signal* chain) {
  std::vector<SWord> out;
  for (Signal* s = chain; s != nullptr; s = s->next) out.push_back(tag_of(s));
  return out;
}

void free_chain(Signal* chain) {
  while (chain != nullptr) {
    Signal* next = chain->next;
    free_signal(chain);
    chain = next;
  }
}

// Tags of the queue from its first message.
std::vector<SWord> queue_tags(const MessageQueue& q) { return tags(q.first()); }

// --- new_signal / free_signal ----------------------------------------------

TEST(MailboxSignal, NewSignalIsInitialised) {
  Signal* s = new_signal(SignalKind::Down, Term::pid(7), 5);
  EXPECT_EQ(s->kind, SignalKind::Down);
  EXPECT_EQ(s->from, Term::pid(7));
  EXPECT_EQ(s->size, 5u);
  EXPECT_EQ(s->next, nullptr);
  EXPECT_EQ(s->proc_bins, nullptr);
  // A DOWN carries its control words (reason, ref) before the payload.
  EXPECT_EQ(reinterpret_cast<char*>(s->payload()),
            reinterpret_cast<char*>(s) + sizeof(Signal) + Signal::kControlWords * sizeof(Word));
  EXPECT_EQ(s->reason(), kNonValue);
  EXPECT_EQ(s->ref(), kNonValue);
  for (Word i = 0; i < 5; ++i) s->payload()[i] = Term::small(static_cast<SWord>(i)).raw();  // writable
  free_signal(s);
}

TEST(MailboxSignal, MessagePayloadFollowsTheHeader) {
  // No control words: a small message shares the 40-byte header's cache line.
  Signal* s = new_signal(SignalKind::Message, Term::pid(7), 3);
  EXPECT_EQ(sizeof(Signal), 40u);
  EXPECT_EQ(reinterpret_cast<char*>(s->payload()), reinterpret_cast<char*>(s) + sizeof(Signal));
  for (Word i = 0; i < 3; ++i) s->payload()[i] = Term::small(static_cast<SWord>(i)).raw();
  free_signal(s);
}

// --- Inbox -------------------------------------------------------------------

TEST(MailboxInbox, TakeAllOnEmpty) {
  Inbox in;
  EXPECT_FALSE(in.has_pending());
  EXPECT_EQ(in.take_all(), nullptr);
  EXPECT_EQ(in.take_all(), nullptr);
  EXPECT_FALSE(in.has_pending());
}

TEST(MailboxInbox, PushTakeAllOldestFirst) {
  Inbox in;
  for (SWord i = 1; i <= 5; ++i) ASSERT_TRUE(in.push(tagged(i)));
  EXPECT_TRUE(in.has_pending());
  Signal* got = in.take_all();
  EXPECT_EQ(tags(got), (std::vector<SWord>{1, 2, 3, 4, 5}));
  EXPECT_FALSE(in.has_pending());
  EXPECT_EQ(in.take_all(), nullptr);
  free_chain(got);

  // Later pushes start a fresh batch.
  ASSERT_TRUE(in.push(tagged(6)));
  EXPECT_TRUE(in.has_pending());
  ASSERT_TRUE(in.push(tagged(7)));
  got = in.take_all();
  EXPECT_EQ(tags(got), (std::vector<SWord>{6, 7}));
  free_chain(got);

  ASSERT_TRUE(in.push(tagged(8)));
  got = in.take_all();
  EXPECT_EQ(tags(got), (std::vector<SWord>{8}));
  EXPECT_EQ(got->next, nullptr);
  free_chain(got);
}

TEST(MailboxInbox, CloseReturnsPendingInOrderAndLaterPushFails) {
  Inbox in;
  for (SWord i = 1; i <= 4; ++i) ASSERT_TRUE(in.push(tagged(i)));
  Signal* pending = in.close();
  EXPECT_EQ(tags(pending), (std::vector<SWord>{1, 2, 3, 4}));
  free_chain(pending);

  EXPECT_FALSE(in.has_pending());
  Signal* late = tagged(99);
  EXPECT_FALSE(in.push(late));
  // The caller still owns a refused signal; it was not linked anywhere.
  EXPECT_EQ(tag_of(late), 99);
  free_signal(late);
  EXPECT_FALSE(in.has_pending());
  EXPECT_EQ(in.take_all(), nullptr);
  EXPECT_EQ(in.close(), nullptr);  // closing twice returns nothing
  Signal* later = tagged(100);
  EXPECT_FALSE(in.push(later));
  free_signal(later);
}

TEST(MailboxInbox, CloseEmpty) {
  Inbox in;
  EXPECT_EQ(in.close(), nullptr);
  EXPECT_FALSE(in.has_pending());
  Signal* s = tagged(1);
  EXPECT_FALSE(in.push(s));
  free_signal(s);
}

TEST(MailboxInbox, CloseAfterTakeAll) {
  Inbox in;
  ASSERT_TRUE(in.push(tagged(1)));
  Signal* first = in.take_all();
  ASSERT_TRUE(in.push(tagged(2)));
  ASSERT_TRUE(in.push(tagged(3)));
  Signal* rest = in.close();
  EXPECT_EQ(tags(first), (std::vector<SWord>{1}));
  EXPECT_EQ(tags(rest), (std::vector<SWord>{2, 3}));
  free_chain(first);
  free_chain(rest);
}

constexpr int kProducers = 4;
constexpr SWord kPerProducer = 100000;

TEST(MailboxInbox, ManyProducersOneConsumer) {
  Inbox in;
  std::atomic<int> ready{0};
  std::vector<std::thread> producers;
  for (int p = 0; p < kProducers; ++p) {
    producers.emplace_back([&in, &ready, p] {
      ready.fetch_add(1);
      while (ready.load() < kProducers + 1) std::this_thread::yield();
      for (SWord seq = 0; seq < kPerProducer; ++seq) {
        if (!in.push(tagged(seq, static_cast<Word>(p)))) std::abort();
      }
    });
  }
  std::vector<SWord> next(kProducers, 0);
  std::size_t received = 0, batches = 0, out_of_order = 0, bad_sender = 0;
  ready.fetch_add(1);
  const std::size_t total = static_cast<std::size_t>(kProducers) * kPerProducer;
  while (received < total) {
    Signal* batch = in.take_all();
    if (batch == nullptr) {
      std::this_thread::yield();
      continue;
    }
    ++batches;
    while (batch != nullptr) {
      Signal* s = batch;
      batch = s->next;
      Word p = s->from.pid_index();
      if (!s->from.is_pid() || p >= static_cast<Word>(kProducers)) {
        ++bad_sender;
      } else {
        if (tag_of(s) != next[p]) ++out_of_order;
        next[p] = tag_of(s) + 1;
      }
      ++received;
      free_signal(s);
    }
  }
  for (auto& t : producers) t.join();
  EXPECT_EQ(received, total);
  EXPECT_EQ(bad_sender, 0u);
  EXPECT_EQ(out_of_order, 0u);
  for (int p = 0; p < kProducers; ++p) EXPECT_EQ(next[static_cast<std::size_t>(p)], kPerProducer) << p;
  // Nothing is left behind.
  EXPECT_FALSE(in.has_pending());
  EXPECT_EQ(in.take_all(), nullptr);
  EXPECT_GT(batches, 0u);
}

TEST(MailboxInbox, CloseRacingWithProducers) {
  // Producers push until refused; the owner drains a while, then closes.
  // Every accepted signal must come out exactly once, in per-producer order,
  // and every refused one stays with its producer.
  Inbox in;
  std::atomic<int> ready{0};
  std::vector<SWord> accepted(kProducers, 0);
  std::vector<std::thread> producers;
  for (int p = 0; p < kProducers; ++p) {
    producers.emplace_back([&, p] {
      ready.fetch_add(1);
      while (ready.load() < kProducers + 1) std::this_thread::yield();
      for (SWord seq = 0; seq < kPerProducer; ++seq) {
        Signal* s = tagged(seq, static_cast<Word>(p));
        if (!in.push(s)) {
          free_signal(s);
          break;
        }
        accepted[static_cast<std::size_t>(p)] = seq + 1;
      }
    });
  }
  std::vector<SWord> next(kProducers, 0);
  std::size_t received = 0, out_of_order = 0;
  auto drain = [&](Signal* batch) {
    while (batch != nullptr) {
      Signal* s = batch;
      batch = s->next;
      Word p = s->from.pid_index();
      if (tag_of(s) != next[p]) ++out_of_order;
      next[p] = tag_of(s) + 1;
      ++received;
      free_signal(s);
    }
  };
  ready.fetch_add(1);
  while (received < 20000) drain(in.take_all());
  drain(in.close());
  for (auto& t : producers) t.join();
  EXPECT_EQ(out_of_order, 0u);
  std::size_t total_accepted = 0;
  for (int p = 0; p < kProducers; ++p) {
    EXPECT_EQ(next[static_cast<std::size_t>(p)], accepted[static_cast<std::size_t>(p)]) << p;
    total_accepted += static_cast<std::size_t>(accepted[static_cast<std::size_t>(p)]);
  }
  EXPECT_EQ(received, total_accepted);
  EXPECT_FALSE(in.has_pending());
  EXPECT_EQ(in.take_all(), nullptr);
}

// --- MessageQueue ------------------------------------------------------------

class MailboxQueue : public ::testing::Test {
 protected:
  MessageQueue q;
  void append(std::initializer_list<SWord> ts) {
    for (SWord t : ts) q.append(tagged(t));
  }
  // Move the save point to the message tagged `t` (from the start).
  void seek(SWord t) {
    q.reset_save();
    while (q.current() != nullptr && tag_of(q.current()) != t) q.advance();
    ASSERT_NE(q.current(), nullptr) << "no message " << t;
  }
  void remove(SWord t) {
    seek(t);
    Signal* s = q.remove_current();
    ASSERT_EQ(tag_of(s), t);
    EXPECT_EQ(s->next, nullptr);
    free_signal(s);
  }
  // Tags from the save point to the end (what a receive would scan).
  std::vector<SWord> scan() {
    std::vector<SWord> out;
    for (Signal* s = q.current(); s != nullptr; s = s->next) out.push_back(tag_of(s));
    return out;
  }
};

TEST_F(MailboxQueue, Empty) {
  EXPECT_EQ(q.count(), 0u);
  EXPECT_EQ(q.first(), nullptr);
  EXPECT_EQ(q.current(), nullptr);
  EXPECT_TRUE(q.save_at_end());
  q.reset_save();
  EXPECT_TRUE(q.save_at_end());
}

TEST_F(MailboxQueue, AppendCurrentAdvance) {
  append({1, 2, 3});
  EXPECT_EQ(q.count(), 3u);
  EXPECT_EQ(queue_tags(q), (std::vector<SWord>{1, 2, 3}));
  ASSERT_NE(q.current(), nullptr);
  EXPECT_EQ(tag_of(q.current()), 1);
  EXPECT_FALSE(q.save_at_end());
  q.advance();
  EXPECT_EQ(tag_of(q.current()), 2);
  q.advance();
  EXPECT_EQ(tag_of(q.current()), 3);
  q.advance();
  EXPECT_EQ(q.current(), nullptr);
  EXPECT_TRUE(q.save_at_end());
  // A message arriving while the save point is at the end is the next one seen.
  append({4});
  EXPECT_FALSE(q.save_at_end());
  EXPECT_EQ(tag_of(q.current()), 4);
  q.reset_save();
  EXPECT_EQ(tag_of(q.current()), 1);
  EXPECT_EQ(scan(), (std::vector<SWord>{1, 2, 3, 4}));
}

TEST_F(MailboxQueue, RemoveCurrentResetsTheSavePoint) {
  append({1, 2, 3, 4, 5});
  q.advance();
  q.advance();
  Signal* s = q.remove_current();
  EXPECT_EQ(tag_of(s), 3);
  EXPECT_EQ(s->next, nullptr);
  free_signal(s);
  EXPECT_EQ(q.count(), 4u);
  EXPECT_EQ(queue_tags(q), (std::vector<SWord>{1, 2, 4, 5}));
  ASSERT_NE(q.current(), nullptr);
  EXPECT_EQ(tag_of(q.current()), 1);  // back at the start

  // The first message.
  s = q.remove_current();
  EXPECT_EQ(tag_of(s), 1);
  free_signal(s);
  EXPECT_EQ(queue_tags(q), (std::vector<SWord>{2, 4, 5}));
  EXPECT_EQ(tag_of(q.first()), 2);
}

TEST_F(MailboxQueue, RemoveLastKeepsAppendWorking) {
  append({1, 2, 3});
  remove(3);
  EXPECT_EQ(q.count(), 2u);
  append({4});
  EXPECT_EQ(queue_tags(q), (std::vector<SWord>{1, 2, 4}));
  remove(4);
  remove(2);
  append({5, 6});
  EXPECT_EQ(queue_tags(q), (std::vector<SWord>{1, 5, 6}));
  EXPECT_EQ(q.count(), 3u);
}

TEST_F(MailboxQueue, RemoveOnlyMessage) {
  append({1});
  remove(1);
  EXPECT_EQ(q.count(), 0u);
  EXPECT_EQ(q.first(), nullptr);
  EXPECT_TRUE(q.save_at_end());
  append({2});
  EXPECT_EQ(queue_tags(q), (std::vector<SWord>{2}));
  EXPECT_EQ(tag_of(q.current()), 2);
}

TEST_F(MailboxQueue, ReceiveLoopDrainsInAnyOrder) {
  // A selective receive pattern: take evens first, then odds.
  for (SWord i = 0; i < 20; ++i) q.append(tagged(i));
  std::vector<SWord> got;
  for (int pass = 0; pass < 2; ++pass) {
    q.reset_save();
    while (!q.save_at_end()) {
      if (tag_of(q.current()) % 2 == pass) {
        Signal* s = q.remove_current();
        got.push_back(tag_of(s));
        free_signal(s);
      } else {
        q.advance();
      }
    }
  }
  std::vector<SWord> want;
  for (SWord i = 0; i < 20; i += 2) want.push_back(i);
  for (SWord i = 1; i < 20; i += 2) want.push_back(i);
  EXPECT_EQ(got, want);
  EXPECT_EQ(q.count(), 0u);
  EXPECT_EQ(q.first(), nullptr);
}

// The reference words a marker is bound to (a make_ref() payload).
constexpr Word kRef0 = 0x1234, kRef1 = 0x1;
constexpr Word kOther0 = 0x1235, kOther1 = 0x2;

TEST_F(MailboxQueue, MarkSkipsEarlierMessages) {
  append({1, 2, 3});
  q.mark(kRef0, kRef1);
  append({4, 5});
  q.use_mark(kRef0, kRef1);
  EXPECT_EQ(scan(), (std::vector<SWord>{4, 5}));
  q.reset_save();
  EXPECT_EQ(scan(), (std::vector<SWord>{1, 2, 3, 4, 5}));
}

TEST_F(MailboxQueue, MarkerStaysForLaterReceivesOfTheSameReference) {
  append({1, 2});
  q.mark(kRef0, kRef1);
  append({3, 4});
  q.use_mark(kRef0, kRef1);
  q.advance();
  EXPECT_EQ(scan(), (std::vector<SWord>{4}));
  // A second receive matching the same reference starts at the mark again.
  q.use_mark(kRef0, kRef1);
  EXPECT_EQ(scan(), (std::vector<SWord>{3, 4}));
}

TEST_F(MailboxQueue, MarkerIsBoundToItsReference) {
  append({1, 2});
  q.mark(kRef0, kRef1);
  append({3});
  q.advance();
  // A receive for another reference (e.g. in a nested call) ignores it.
  q.use_mark(kOther0, kOther1);
  EXPECT_EQ(scan(), (std::vector<SWord>{2, 3}));
  q.use_mark(kRef0, kOther1);  // both words must match
  EXPECT_EQ(scan(), (std::vector<SWord>{2, 3}));
  q.use_mark(kOther0, kRef1);
  EXPECT_EQ(scan(), (std::vector<SWord>{2, 3}));
  q.use_mark(kRef0, kRef1);
  EXPECT_EQ(scan(), (std::vector<SWord>{3}));
}

TEST_F(MailboxQueue, ANewerMarkReplacesTheOlder) {
  append({1});
  q.mark(kRef0, kRef1);
  append({2});
  q.mark(kOther0, kOther1);
  append({3});
  q.use_mark(kRef0, kRef1);  // no longer the marker's reference
  EXPECT_EQ(scan(), (std::vector<SWord>{1, 2, 3}));
  q.use_mark(kOther0, kOther1);
  EXPECT_EQ(scan(), (std::vector<SWord>{3}));
}

TEST_F(MailboxQueue, MarkWithNothingNewScansNothing) {
  append({1, 2});
  q.mark(kRef0, kRef1);
  q.use_mark(kRef0, kRef1);
  EXPECT_TRUE(q.save_at_end());
  EXPECT_EQ(q.current(), nullptr);
  // The reply arrives later: it is the one scanned.
  append({3});
  EXPECT_EQ(scan(), (std::vector<SWord>{3}));
}

TEST_F(MailboxQueue, MarkOnEmptyQueue) {
  q.mark(kRef0, kRef1);
  append({1, 2});
  q.use_mark(kRef0, kRef1);
  EXPECT_EQ(scan(), (std::vector<SWord>{1, 2}));
}

TEST_F(MailboxQueue, UseMarkWithoutMarkIsANoOp) {
  append({1, 2, 3});
  q.advance();
  q.use_mark(0, 0);  // the words a never-set marker would hold
  EXPECT_EQ(scan(), (std::vector<SWord>{2, 3}));
  q.use_mark(kRef0, kRef1);
  EXPECT_EQ(scan(), (std::vector<SWord>{2, 3}));
}

TEST_F(MailboxQueue, RemovingTheMessageTheMarkerFollowsKeepsItValid) {
  append({1, 2, 3});
  q.mark(kRef0, kRef1);  // after 3
  append({4, 5});
  remove(3);
  EXPECT_EQ(queue_tags(q), (std::vector<SWord>{1, 2, 4, 5}));
  q.use_mark(kRef0, kRef1);
  EXPECT_EQ(scan(), (std::vector<SWord>{4, 5}));
}

TEST_F(MailboxQueue, RemovingTheMarkedLastMessageThenAppending) {
  append({1, 2});
  q.mark(kRef0, kRef1);  // after 2, which is also the last message
  remove(2);
  append({3});
  q.use_mark(kRef0, kRef1);
  EXPECT_EQ(scan(), (std::vector<SWord>{3}));
  EXPECT_EQ(queue_tags(q), (std::vector<SWord>{1, 3}));
}

TEST_F(MailboxQueue, RemovingEverythingBeforeTheMarker) {
  append({1, 2, 3});
  q.mark(kRef0, kRef1);
  append({4});
  remove(2);
  remove(3);
  remove(1);
  EXPECT_EQ(queue_tags(q), (std::vector<SWord>{4}));
  append({5});
  q.use_mark(kRef0, kRef1);
  EXPECT_EQ(scan(), (std::vector<SWord>{4, 5}));
}

TEST_F(MailboxQueue, RemovingMessagesAfterTheMarker) {
  append({1});
  q.mark(kRef0, kRef1);
  append({2, 3, 4});
  remove(3);
  remove(2);
  q.use_mark(kRef0, kRef1);
  EXPECT_EQ(scan(), (std::vector<SWord>{4}));
  remove(4);
  append({5});
  q.use_mark(kRef0, kRef1);
  EXPECT_EQ(scan(), (std::vector<SWord>{5}));
}

TEST_F(MailboxQueue, RemovingEarlierMessagesKeepsTheMarker) {
  append({1, 2, 3});
  q.mark(kRef0, kRef1);
  append({4, 5});
  remove(1);
  remove(2);
  q.use_mark(kRef0, kRef1);
  EXPECT_EQ(scan(), (std::vector<SWord>{4, 5}));
  // Then the marked receive takes its reply.
  Signal* s = q.remove_current();
  EXPECT_EQ(tag_of(s), 4);
  free_signal(s);
  EXPECT_EQ(queue_tags(q), (std::vector<SWord>{3, 5}));
  EXPECT_EQ(tag_of(q.current()), 3);
  q.use_mark(kRef0, kRef1);
  EXPECT_EQ(scan(), (std::vector<SWord>{5}));
}

TEST_F(MailboxQueue, ManyRemovalsAroundTheMarker) {
  // Remove, one at a time and in a scrambled order, every message before the
  // mark; after each removal use_mark must still start at the first message
  // appended after mark().
  const SWord kOld = 50;
  for (SWord i = 0; i < kOld; ++i) q.append(tagged(i));
  q.mark(kRef0, kRef1);
  append({1000, 1001});
  for (SWord i = 0; i < kOld; ++i) {
    remove((i * 17) % kOld);
    q.use_mark(kRef0, kRef1);
    ASSERT_EQ(scan(), (std::vector<SWord>{1000, 1001})) << "after removing " << (i * 17) % kOld;
  }
  EXPECT_EQ(q.count(), 2u);
}

TEST_F(MailboxQueue, ClearFreesEverything) {
  append({1, 2, 3});
  q.mark(kRef0, kRef1);
  q.advance();
  q.clear();
  EXPECT_EQ(q.count(), 0u);
  EXPECT_EQ(q.first(), nullptr);
  EXPECT_TRUE(q.save_at_end());
  q.use_mark(kRef0, kRef1);  // the marker went with the messages
  EXPECT_TRUE(q.save_at_end());
  append({4});
  EXPECT_EQ(scan(), (std::vector<SWord>{4}));
  // The destructor frees what is left.
}

TEST_F(MailboxQueue, InboxToQueue) {
  // The owner's path: take everything from the inbox and append it.
  Inbox in;
  for (SWord i = 0; i < 10; ++i) ASSERT_TRUE(in.push(tagged(i)));
  Signal* batch = in.take_all();
  while (batch != nullptr) {
    Signal* next = batch->next;
    q.append(batch);
    batch = next;
  }
  EXPECT_EQ(q.count(), 10u);
  EXPECT_EQ(queue_tags(q), (std::vector<SWord>{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}));
}

}  // namespace
}  // namespace girder::vm
