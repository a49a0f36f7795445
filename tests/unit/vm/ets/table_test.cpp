// Tables against a model: set, bag and duplicate_bag semantics through
// growth; traversals that resume across slices while the table grows
// visit every old object exactly once; the registry's ids, names and slot
// reuse; many threads on one striped table.
#include <gtest/gtest.h>

#include <map>
#include <random>
#include <set>
#include <thread>
#include <vector>

#include "vm/ets/ets.h"
#include "vm/ets/scan.h"
#include "vm/proc/process.h"
#include "vm/term/build.h"
#include "vm/vm.h"

namespace girder::vm::ets {
namespace {

Table* new_table(VM& vm, Process& p, Type type, bool striped, Word* id, Term name = atoms::ok, bool named = false) {
  NewOptions o;
  o.type = type;
  o.write_concurrency = striped;
  o.named = named;
  return vm.ets().create(p, name, o, id);
}

void put(Process& p, Table* t, Term obj) {
  Term key = obj.element(t->kp() - 1);
  if (!t->hashed()) {
    WriteGuard g(t->tree_lock());
    t->tree_insert(make_object(obj, 0));
    return;
  }
  std::uint32_t h = hash_key(key);
  Stripe& s = t->stripe_for(h);
  WriteGuard g(s.lock);
  t->insert(s, make_object(obj, h));
}

std::vector<SWord> values_of(Table* t, SWord key) {
  std::vector<SWord> out;
  Term k = Term::small(key);
  std::uint32_t h = hash_key(k);
  Stripe& s = t->stripe_for(h);
  ReadGuard g(s.lock);
  for (DbObject* o = t->find(s, h, k); o != nullptr && t->has_key(o, h, k); o = o->next) {
    out.push_back(o->element(2).small_value());
  }
  return out;
}

TEST(EtsTable, SetBagDuplicateBagAgainstAModel) {
  VM vm;
  Process p(vm, 1);
  for (Type type : {Type::Set, Type::Bag, Type::DuplicateBag}) {
    for (bool striped : {false, true}) {
      Word id;
      Table* t = new_table(vm, p, type, striped, &id);
      std::map<SWord, std::vector<SWord>> model;
      std::mt19937 rng(42);
      for (int i = 0; i < 20000; ++i) {
        SWord k = rng() % 3000, v = rng() % 4;
        put(p, t, make_tuple(p, {Term::small(k), Term::small(v)}));
        auto& m = model[k];
        if (type == Type::Set) {
          m = {v};
        } else if (type == Type::DuplicateBag || std::find(m.begin(), m.end(), v) == m.end()) {
          m.push_back(v);
        }
      }
      Word total = 0;
      for (auto& [k, vs] : model) {
        EXPECT_EQ(values_of(t, k), vs) << static_cast<int>(type) << " key " << k;
        total += vs.size();
      }
      EXPECT_EQ(t->size(), total);
      // erase half the keys
      for (SWord k = 0; k < 3000; k += 2) {
        Term key = Term::small(k);
        std::uint32_t h = hash_key(key);
        Stripe& s = t->stripe_for(h);
        WriteGuard g(s.lock);
        total -= t->erase_key(s, h, key);
      }
      EXPECT_EQ(t->size(), total);
      EXPECT_TRUE(values_of(t, 10).empty());
      DbObject* chain;
      ASSERT_TRUE(vm.ets().destroy(t, id, &chain));
      Registry::free_chain(chain, ~Word{0});
    }
  }
}

TEST(EtsTable, HashScanResumesAcrossGrowth) {
  VM vm;
  Process p(vm, 1);
  for (bool striped : {false, true}) {
    Word id;
    Table* t = new_table(vm, p, Type::Set, striped, &id);
    for (SWord i = 0; i < 1000; ++i) put(p, t, make_tuple(p, {Term::small(i)}));
    HashPos pos;
    std::multiset<SWord> seen;
    Word units = 0;
    SWord next = 1000000;
    ScanResult r;
    do {
      units = 0;
      Word budget = 50;
      r = scan_hash(*t, id, pos, budget, false, units, [&](DbObject* o) {
        seen.insert(o->element(1).small_value());
        return Visit::Keep;
      });
      // Grow the table between the first slices (several doublings).
      if (next < 1000000 + 3000) {
        for (int k = 0; k < 300; ++k) put(p, t, make_tuple(p, {Term::small(next++)}));
      }
      HashPos round = HashPos::unpack(pos.pack());
      EXPECT_EQ(round.stripe, pos.stripe);
      EXPECT_EQ(round.bucket, pos.bucket);
      EXPECT_EQ(round.size, pos.size);
    } while (r == ScanResult::More);
    EXPECT_EQ(r, ScanResult::Done);
    for (SWord i = 0; i < 1000; ++i) EXPECT_EQ(seen.count(i), 1u) << i;
    for (SWord x : seen) EXPECT_LE(seen.count(x), 1u);
  }
}

TEST(EtsTable, TreeScanResumesInOrder) {
  VM vm;
  Process p(vm, 1);
  Word id;
  Table* t = new_table(vm, p, Type::OrderedSet, false, &id);
  for (SWord i = 0; i < 500; ++i) put(p, t, make_tuple(p, {Term::small(i * 2)}));
  for (bool reverse : {false, true}) {
    std::vector<SWord> seen;
    Term from = kNonValue;
    ScanResult r;
    do {
      Word units = 0;
      Word budget = 37;
      r = scan_tree(
          *t, id, from, reverse, budget, false, units,
          [&](DbObject* o) {
            seen.push_back(o->element(1).small_value());
            return Visit::Keep;
          },
          [&](DbObject* o) { from = o->element(1); });
    } while (r == ScanResult::More);
    ASSERT_EQ(seen.size(), 500u);
    for (std::size_t i = 0; i < seen.size(); ++i) {
      SWord want = reverse ? static_cast<SWord>((499 - i) * 2) : static_cast<SWord>(i * 2);
      EXPECT_EQ(seen[i], want);
    }
  }
}

TEST(EtsRegistry, IdsNamesAndSlotReuse) {
  VM vm;
  Process p(vm, 1);
  Term name = vm.atoms().intern("my_table");
  Word id1;
  Table* t1 = new_table(vm, p, Type::Set, false, &id1, name, true);
  ASSERT_NE(t1, nullptr);
  Word id2;
  EXPECT_EQ(new_table(vm, p, Type::Set, false, &id2, name, true), nullptr);  // name taken
  Term ref1 = vm.ets().table_ref(p, t1, id1);
  Word got;
  EXPECT_EQ(vm.ets().resolve(ref1, &got), t1);
  EXPECT_EQ(got, id1);
  EXPECT_EQ(vm.ets().resolve(name, &got), t1);
  EXPECT_EQ(vm.ets().table_term(p, t1, id1), name);
  DbObject* chain;
  ASSERT_TRUE(vm.ets().destroy(t1, id1, &chain));
  EXPECT_FALSE(vm.ets().destroy(t1, id1, &chain));
  EXPECT_EQ(vm.ets().resolve(ref1, &got), nullptr);
  EXPECT_EQ(vm.ets().resolve(name, &got), nullptr);
  // The slot is reused; the old reference stays dead.
  Word id3;
  Table* t3 = new_table(vm, p, Type::Bag, false, &id3);
  EXPECT_EQ(t3, t1);
  EXPECT_NE(id3, id1);
  EXPECT_EQ(vm.ets().resolve(ref1, &got), nullptr);
  EXPECT_EQ(vm.ets().resolve(vm.ets().table_ref(p, t3, id3), &got), t3);
  // A plain reference (word 1 is 0) is no table.
  Word* w = p.alloc(kRefObjectWords);
  w[0] = make_header(BoxKind::Ref, kRefWords);
  w[1] = id3;
  w[2] = 0;
  EXPECT_EQ(vm.ets().resolve(Term::boxed(w), &got), nullptr);
  // Renaming a named table moves its name.
  Word id4;
  Table* t4 = new_table(vm, p, Type::Set, false, &id4, name, true);
  Term other = vm.atoms().intern("other_name");
  EXPECT_TRUE(vm.ets().rename(t4, id4, other));
  EXPECT_EQ(vm.ets().resolve(name, &got), nullptr);
  EXPECT_EQ(vm.ets().resolve(other, &got), t4);
  EXPECT_EQ(vm.ets().all().size(), 2u);
}

TEST(EtsRegistry, ManyNamesGrowTheIndex) {
  VM vm;
  Process p(vm, 1);
  std::vector<std::pair<Table*, Word>> tables;
  for (int i = 0; i < 300; ++i) {
    Word id;
    Term name = vm.atoms().intern("t" + std::to_string(i));
    tables.emplace_back(new_table(vm, p, Type::Set, false, &id, name, true), id);
  }
  for (int i = 0; i < 300; i += 2) {
    DbObject* chain;
    ASSERT_TRUE(vm.ets().destroy(tables[i].first, tables[i].second, &chain));
  }
  for (int i = 0; i < 300; ++i) {
    Word got;
    Table* t = vm.ets().resolve(vm.atoms().intern("t" + std::to_string(i)), &got);
    if (i % 2 == 0) {
      EXPECT_EQ(t, nullptr) << i;
    } else {
      EXPECT_EQ(t, tables[i].first) << i;
    }
  }
}

// Threads insert, look up and delete on one striped table at once (run
// under ThreadSanitizer with -DGIRDER_TSAN=ON).
TEST(EtsTable, ConcurrentWritersAndReaders) {
  VM vm;
  Process owner(vm, 1);
  Word id;
  Table* t = new_table(vm, owner, Type::Set, true, &id);
  constexpr int kThreads = 4;
  constexpr SWord kPerThread = 5000;
  std::vector<std::thread> threads;
  std::atomic<Word> found{0};
  for (int j = 0; j < kThreads; ++j) {
    threads.emplace_back([&, j] {
      Process p(vm, 100 + j);
      for (SWord i = 0; i < kPerThread; ++i) {
        SWord k = j * kPerThread + i;
        put(p, t, make_tuple(p, {Term::small(k), Term::small(i)}));
        Term other = Term::small(((j + 1) % kThreads) * kPerThread + i);
        std::uint32_t h = hash_key(other);
        Stripe& s = t->stripe_for(h);
        ReadGuard g(s.lock);
        if (t->find(s, h, other) != nullptr) found.fetch_add(1, std::memory_order_relaxed);
      }
      for (SWord i = 0; i < kPerThread; i += 2) {
        Term key = Term::small(j * kPerThread + i);
        std::uint32_t h = hash_key(key);
        Stripe& s = t->stripe_for(h);
        WriteGuard g(s.lock);
        t->erase_key(s, h, key);
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(t->size(), static_cast<Word>(kThreads * kPerThread / 2));
  EXPECT_LE(found.load(), static_cast<Word>(kThreads * kPerThread));
}

}  // namespace
}  // namespace girder::vm::ets
