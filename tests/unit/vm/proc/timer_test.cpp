// The timer wheel (vm/timer.h), driven tick by tick without a thread or a
// clock: what fires when, in which order, entries more than a turn away,
// removal, deadlines in the past, long gaps, next_wake(), and a randomised
// run against a simple model.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <memory>
#include <random>
#include <utility>
#include <vector>

#include "vm/proc/timer.h"

namespace girder::vm {
namespace {

constexpr std::int64_t kSlots = TimerWheel::kSlots;

class TimerWheelTest : public ::testing::Test {
 protected:
  TimerWheel wheel;
  std::vector<std::unique_ptr<TimerEntry>> pool;
  std::uint64_t next_id = 1;

  TimerEntry* insert(std::int64_t deadline) {
    pool.push_back(std::make_unique<TimerEntry>());
    TimerEntry* e = pool.back().get();
    e->deadline = deadline;
    e->id = next_id++;
    wheel.insert(e);
    return e;
  }
  // Advance and return the deadlines of what fired, in firing order.
  std::vector<std::int64_t> advance(std::int64_t now) {
    std::vector<TimerEntry*> fired;
    wheel.advance(now, fired);
    std::vector<std::int64_t> out;
    for (TimerEntry* e : fired) out.push_back(e->deadline);
    return out;
  }
  std::vector<TimerEntry*> advance_entries(std::int64_t now) {
    std::vector<TimerEntry*> fired;
    wheel.advance(now, fired);
    return fired;
  }
};

using Ticks = std::vector<std::int64_t>;

TEST_F(TimerWheelTest, Empty) {
  EXPECT_EQ(wheel.size(), 0u);
  EXPECT_EQ(wheel.now(), 0);
  EXPECT_EQ(wheel.next_wake(), -1);
  EXPECT_TRUE(advance(10).empty());
  EXPECT_EQ(wheel.now(), 10);
  EXPECT_TRUE(advance(10 + 5 * kSlots).empty());
  EXPECT_EQ(wheel.next_wake(), -1);
}

TEST_F(TimerWheelTest, StartsAtTheGivenTime) {
  TimerWheel w(5000);
  EXPECT_EQ(w.now(), 5000);
  TimerEntry e;
  e.deadline = 5003;
  w.insert(&e);
  EXPECT_EQ(w.next_wake(), 5003);
  std::vector<TimerEntry*> fired;
  w.advance(5002, fired);
  EXPECT_TRUE(fired.empty());
  w.advance(5003, fired);
  ASSERT_EQ(fired.size(), 1u);
  EXPECT_EQ(fired[0], &e);
}

TEST_F(TimerWheelTest, FiresExactlyWhatIsDueInDeadlineOrder) {
  for (std::int64_t d : {5, 3, 10, 3, 7, 1, 10, 6}) insert(d);
  EXPECT_EQ(wheel.size(), 8u);
  EXPECT_EQ(advance(4), (Ticks{1, 3, 3}));
  EXPECT_EQ(wheel.size(), 5u);
  EXPECT_EQ(advance(7), (Ticks{5, 6, 7}));
  EXPECT_TRUE(advance(9).empty());
  EXPECT_EQ(wheel.size(), 2u);
  EXPECT_EQ(advance(10), (Ticks{10, 10}));
  EXPECT_EQ(wheel.size(), 0u);
  EXPECT_EQ(wheel.next_wake(), -1);
}

TEST_F(TimerWheelTest, FiredEntriesAreUnlinked) {
  TimerEntry* a = insert(2);
  TimerEntry* b = insert(2);
  insert(2 + kSlots);  // same slot, a turn later
  std::vector<TimerEntry*> fired = advance_entries(2);
  ASSERT_EQ(fired.size(), 2u);
  EXPECT_TRUE((fired[0] == a && fired[1] == b) || (fired[0] == b && fired[1] == a));
  for (TimerEntry* e : fired) {
    EXPECT_EQ(e->prev, nullptr);
    EXPECT_EQ(e->next, nullptr);
  }
  EXPECT_EQ(wheel.size(), 1u);
  // A fired entry may be inserted again.
  a->deadline = 5;
  wheel.insert(a);
  EXPECT_EQ(advance(5), (Ticks{5}));
}

TEST_F(TimerWheelTest, OneTickAtATime) {
  std::mt19937_64 rng(7);
  std::vector<std::int64_t> deadlines;
  for (int i = 0; i < 500; ++i) deadlines.push_back(1 + static_cast<std::int64_t>(rng() % 3000));
  for (std::int64_t d : deadlines) insert(d);
  std::sort(deadlines.begin(), deadlines.end());
  std::size_t k = 0;
  for (std::int64_t t = 1; t <= 3000; ++t) {
    Ticks want;
    while (k < deadlines.size() && deadlines[k] == t) want.push_back(deadlines[k++]);
    ASSERT_EQ(advance(t), want) << "tick " << t;
  }
  EXPECT_EQ(wheel.size(), 0u);
}

TEST_F(TimerWheelTest, EntriesMoreThanATurnAwayWaitUntilDue) {
  // All in slot 476 (1500 % 1024): the wheel passes that slot several times
  // before each is due.
  insert(1500);
  insert(1500 + kSlots);
  insert(1500 + 3 * kSlots);
  insert(476);
  EXPECT_EQ(advance(475), Ticks{});
  EXPECT_EQ(advance(476), (Ticks{476}));
  for (std::int64_t t = 477; t < 1500; t += 37) ASSERT_EQ(advance(t), Ticks{}) << t;
  EXPECT_EQ(advance(1499), Ticks{});
  EXPECT_EQ(advance(1500), (Ticks{1500}));
  EXPECT_EQ(advance(1500 + kSlots - 1), Ticks{});
  EXPECT_EQ(advance(1500 + kSlots), (Ticks{1500 + kSlots}));
  EXPECT_EQ(advance(1500 + 3 * kSlots - 1), Ticks{});
  EXPECT_EQ(wheel.size(), 1u);
  EXPECT_EQ(advance(1500 + 3 * kSlots), (Ticks{1500 + 3 * kSlots}));
  EXPECT_EQ(wheel.size(), 0u);
}

TEST_F(TimerWheelTest, ExactlyOneTurnAway) {
  insert(kSlots);      // slot 0
  insert(kSlots + 1);  // slot 1
  insert(2 * kSlots);  // slot 0 again
  for (std::int64_t t = 1; t < kSlots; ++t) ASSERT_TRUE(advance(t).empty()) << t;
  EXPECT_EQ(advance(kSlots), (Ticks{kSlots}));
  EXPECT_EQ(advance(kSlots + 1), (Ticks{kSlots + 1}));
  EXPECT_EQ(advance(2 * kSlots - 1), Ticks{});
  EXPECT_EQ(advance(2 * kSlots), (Ticks{2 * kSlots}));
}

TEST_F(TimerWheelTest, Remove) {
  // Three entries sharing a slot: remove the middle, the head, the tail.
  TimerEntry* a = insert(10);
  TimerEntry* b = insert(10 + kSlots);
  TimerEntry* c = insert(10 + 2 * kSlots);
  TimerEntry* d = insert(10);
  TimerEntry* e = insert(20);
  EXPECT_EQ(wheel.size(), 5u);
  wheel.remove(b);
  EXPECT_EQ(wheel.size(), 4u);
  wheel.remove(d);  // most recently inserted: the head of its slot
  wheel.remove(e);  // alone in its slot
  EXPECT_EQ(wheel.size(), 2u);
  EXPECT_EQ(advance(10), (Ticks{10}));
  EXPECT_EQ(advance(20), Ticks{});
  wheel.remove(c);
  EXPECT_EQ(wheel.size(), 0u);
  EXPECT_EQ(wheel.next_wake(), -1);
  EXPECT_TRUE(advance(10 * kSlots).empty());
  (void)a;

  // A removed entry can be inserted again.
  b->deadline = wheel.now() + 3;
  wheel.insert(b);
  EXPECT_EQ(advance(wheel.now() + 3).size(), 1u);
}

TEST_F(TimerWheelTest, RemoveEveryEntryOfASlotInInsertionOrder) {
  std::vector<TimerEntry*> es;
  for (int i = 0; i < 10; ++i) es.push_back(insert(5 + i * kSlots));
  for (TimerEntry* e : es) wheel.remove(e);
  EXPECT_EQ(wheel.size(), 0u);
  EXPECT_EQ(wheel.next_wake(), -1);
  EXPECT_TRUE(advance(20 * kSlots).empty());
  // The slot still works.
  insert(wheel.now() + kSlots);  // same slot index as now
  EXPECT_EQ(advance(wheel.now() + kSlots).size(), 1u);
}

TEST_F(TimerWheelTest, DeadlineInThePastFiresAtTheNextAdvance) {
  EXPECT_TRUE(advance(100).empty());
  insert(50);
  insert(100);  // == now: also already due
  insert(-7);
  EXPECT_EQ(wheel.size(), 3u);
  EXPECT_EQ(wheel.next_wake(), 101);
  EXPECT_EQ(advance(101), (Ticks{-7, 50, 100}));
  EXPECT_EQ(wheel.size(), 0u);

  // Mixed with a later one: only the past ones fire.
  insert(10);
  insert(103);
  EXPECT_EQ(advance(102), (Ticks{10}));
  EXPECT_EQ(advance(103), (Ticks{103}));
}

TEST_F(TimerWheelTest, PastDeadlineInsertedJustBeforeAWrap) {
  // now + 1 falls in slot 0.
  EXPECT_TRUE(advance(kSlots - 1).empty());
  insert(3);
  EXPECT_EQ(wheel.next_wake(), kSlots);
  EXPECT_EQ(advance(kSlots), (Ticks{3}));
}

TEST_F(TimerWheelTest, AdvanceBackwardsOrToNowDoesNothing) {
  EXPECT_TRUE(advance(50).empty());
  insert(20);  // due, fires at the next forward advance
  EXPECT_TRUE(advance(50).empty());
  EXPECT_TRUE(advance(40).empty());
  EXPECT_EQ(wheel.now(), 50);
  EXPECT_EQ(advance(51), (Ticks{20}));
}

TEST_F(TimerWheelTest, AdvanceAcrossAGapLongerThanATurn) {
  std::vector<std::int64_t> ds = {1, 500, 1023, 1024, 1025, 2047, 2048, 3000, 3001, 5000, 9999};
  for (auto it = ds.rbegin(); it != ds.rend(); ++it) insert(*it);
  EXPECT_EQ(advance(3000), (Ticks{1, 500, 1023, 1024, 1025, 2047, 2048, 3000}));
  EXPECT_EQ(wheel.size(), 3u);
  EXPECT_EQ(advance(3000 + 3 * kSlots), (Ticks{3001, 5000}));
  EXPECT_EQ(advance(100000), (Ticks{9999}));
  EXPECT_EQ(wheel.size(), 0u);
}

TEST_F(TimerWheelTest, GapOfExactlyOneTurn) {
  insert(kSlots);
  insert(1);
  insert(kSlots + 1);
  EXPECT_EQ(advance(kSlots), (Ticks{1, kSlots}));
  EXPECT_EQ(advance(2 * kSlots), (Ticks{kSlots + 1}));
}

TEST_F(TimerWheelTest, NextWake) {
  EXPECT_EQ(wheel.next_wake(), -1);
  TimerEntry* far = insert(1500);
  std::int64_t w = wheel.next_wake();
  EXPECT_GT(w, 0);
  EXPECT_LE(w, 1500);
  insert(40);
  EXPECT_EQ(wheel.next_wake(), 40);  // within a turn: exactly the earliest deadline
  insert(25);
  EXPECT_EQ(wheel.next_wake(), 25);
  EXPECT_EQ(advance(25), (Ticks{25}));
  EXPECT_EQ(wheel.next_wake(), 40);
  EXPECT_EQ(advance(40), (Ticks{40}));
  w = wheel.next_wake();
  EXPECT_GT(w, 40);
  EXPECT_LE(w, 1500);
  wheel.remove(far);
  EXPECT_EQ(wheel.next_wake(), -1);
}

TEST_F(TimerWheelTest, DrivingByNextWakeFiresOnTime) {
  // The service thread's loop: sleep until next_wake(), advance there.
  // Every entry fires exactly at its deadline; an entry a turn or more away
  // costs at most one wasted wake per turn it waits.
  std::mt19937_64 rng(3);
  std::vector<std::int64_t> ds;
  for (int i = 0; i < 50; ++i) ds.push_back(1 + static_cast<std::int64_t>(rng() % 20000));
  for (std::int64_t d : ds) insert(d);
  std::sort(ds.begin(), ds.end());
  std::vector<std::int64_t> fired_at;
  int wakes = 0;
  while (wheel.size() > 0) {
    std::int64_t w = wheel.next_wake();
    ASSERT_GT(w, wheel.now());
    ++wakes;
    ASSERT_LT(wakes, 5000);
    for (std::vector<TimerEntry*> fired = advance_entries(w); TimerEntry* e : fired) {
      EXPECT_EQ(e->deadline, w);
      fired_at.push_back(w);
    }
  }
  EXPECT_EQ(fired_at, ds);
  std::int64_t bound = 0;
  for (std::int64_t d : ds) bound += 1 + d / kSlots;
  EXPECT_LE(wakes, bound);
  EXPECT_EQ(wheel.next_wake(), -1);
}

TEST_F(TimerWheelTest, RandomisedAgainstAModel) {
  std::mt19937_64 rng(20240611);
  std::multimap<std::int64_t, TimerEntry*> model;  // deadline -> live entry
  std::vector<TimerEntry*> live;                   // for picking removals
  std::int64_t now = 0;
  auto pick = [&](std::uint64_t n) { return static_cast<std::int64_t>(rng() % n); };
  std::size_t fired_total = 0, removed_total = 0;
  for (int op = 0; op < 10000; ++op) {
    int kind = static_cast<int>(rng() % 100);
    if (kind < 45) {
      std::int64_t d;
      int shape = static_cast<int>(rng() % 10);
      if (shape == 0) {
        d = now - pick(50);  // in the past (or now)
      } else if (shape < 3) {
        d = now + 1 + pick(5);  // very soon
      } else if (shape < 8) {
        d = now + 1 + pick(kSlots);  // within a turn
      } else {
        d = now + 1 + pick(6 * kSlots);  // several turns away
      }
      TimerEntry* e = insert(d);
      model.emplace(d, e);
      live.push_back(e);
    } else if (kind < 65) {
      if (live.empty()) continue;
      std::size_t i = static_cast<std::size_t>(pick(live.size()));
      TimerEntry* e = live[i];
      live[i] = live.back();
      live.pop_back();
      auto [lo, hi] = model.equal_range(e->deadline);
      bool found = false;
      for (auto it = lo; it != hi; ++it) {
        if (it->second == e) {
          model.erase(it);
          found = true;
          break;
        }
      }
      ASSERT_TRUE(found);
      wheel.remove(e);
      ++removed_total;
    } else {
      std::int64_t step;
      int shape = static_cast<int>(rng() % 20);
      if (shape == 0) {
        step = 0;
      } else if (shape == 1) {
        step = kSlots + pick(3 * kSlots);  // a long gap
      } else {
        step = 1 + pick(200);
      }
      std::int64_t to = now + step;
      std::vector<TimerEntry*> fired;
      wheel.advance(to, fired);
      std::vector<std::pair<std::int64_t, std::uint64_t>> want, got;
      if (step > 0) {
        auto end = model.upper_bound(to);
        for (auto it = model.begin(); it != end; ++it) want.emplace_back(it->first, it->second->id);
        model.erase(model.begin(), end);
      }
      for (std::size_t i = 1; i < fired.size(); ++i) {
        ASSERT_LE(fired[i - 1]->deadline, fired[i]->deadline) << "op " << op << ": not in deadline order";
      }
      for (TimerEntry* e : fired) got.emplace_back(e->deadline, e->id);
      std::sort(want.begin(), want.end());
      std::sort(got.begin(), got.end());
      ASSERT_EQ(got, want) << "op " << op << " advance " << now << " -> " << to;
      for (TimerEntry* e : fired) live.erase(std::find(live.begin(), live.end(), e));
      fired_total += fired.size();
      now = to;
    }
    ASSERT_EQ(wheel.size(), model.size()) << "op " << op;
    ASSERT_EQ(wheel.now(), now);
    std::int64_t w = wheel.next_wake();
    if (model.empty()) {
      ASSERT_EQ(w, -1) << "op " << op;
    } else {
      ASSERT_GT(w, now) << "op " << op;
      ASSERT_LE(w, std::max(model.begin()->first, now + 1)) << "op " << op;
    }
  }
  // Drain: everything left fires after a long enough advance.
  std::vector<TimerEntry*> fired;
  wheel.advance(now + 10 * kSlots, fired);
  EXPECT_EQ(fired.size(), model.size());
  EXPECT_EQ(wheel.size(), 0u);
  EXPECT_GT(fired_total, 1000u);
  EXPECT_GT(removed_total, 500u);
}

}  // namespace
}  // namespace girder::vm
