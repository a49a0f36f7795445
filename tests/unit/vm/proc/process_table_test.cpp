// The process table's pid map against a model: inserts in pid order, removals
// in random order (processes die in any order), lookups of live, dead and
// never-used pids, and growth and shrinkage across a spike.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <memory>
#include <random>
#include <vector>

#include "vm/proc/process.h"
#include "vm/proc/process_table.h"
#include "vm/vm.h"

namespace girder::vm {
namespace {

TEST(ProcessTable, MatchesAModelThroughChurn) {
  VM vm;
  ProcessTable table;
  std::map<Word, Process*> model;
  std::mt19937_64 rng(12345);
  std::vector<Word> live;
  Word next_unused = 1;  // table.next_id() hands out a number each call

  auto check = [&](Word id) {
    Process* p = table.acquire(id);
    auto it = model.find(id);
    if (it == model.end()) {
      EXPECT_EQ(p, nullptr) << id;
      EXPECT_FALSE(table.alive(id)) << id;
    } else {
      EXPECT_EQ(p, it->second) << id;
      EXPECT_TRUE(table.alive(id)) << id;
      ProcessTable::release(p);
    }
  };

  // Three rounds: grow to a spike, then kill most in random order.
  for (int round = 0; round < 3; ++round) {
    for (int k = 0; k < 20000; ++k) {
      Word id = table.next_id();
      next_unused = id + 1;
      auto* p = new Process(vm, id);  // the table's reference
      table.insert(p);
      model[id] = p;
      live.push_back(id);
    }
    std::shuffle(live.begin(), live.end(), rng);
    std::size_t keep = live.size() / 10;
    while (live.size() > keep) {
      Word id = live.back();
      live.pop_back();
      table.remove(id);
      ProcessTable::release(model[id]);
      model.erase(id);
      if (live.size() % 997 == 0) {
        for (Word probe = 1; probe < next_unused + 100; probe += 37) check(probe);
      }
    }
    EXPECT_EQ(table.count(), model.size());
    std::vector<Word> want;
    for (auto& [id, p] : model) want.push_back(id);
    EXPECT_EQ(table.pids(), want);
  }
  for (Word id = 1; id < next_unused + 10; ++id) check(id);
  // What is left is released by the table's destructor.
}

}  // namespace
}  // namespace girder::vm
