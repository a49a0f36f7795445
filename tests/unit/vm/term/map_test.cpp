// Unit tests for maps (vm/map.h): flat/trie transitions, canonical shapes,
// a large randomised model check, and iteration order recorded from OTP 25.
#include <gtest/gtest.h>

#include <map>
#include <random>
#include <string>
#include <vector>

#include "vm/bif/registry.h"
#include "vm/proc/process.h"
#include "vm/term/bignum.h"
#include "vm/term/build.h"
#include "vm/term/compare.h"
#include "vm/term/map.h"
#include "vm/vm.h"

namespace girder::vm {
namespace {

struct OrderCase {
  const char* name;
  std::vector<int> values_in_key_order;
};

// maps:keys(maps:from_list(lists:zip(Keys, lists:seq(1, N)))) in OTP 25,
// written as the values (positions in Keys) of the keys in the order returned.
const OrderCase kOtpOrders[] = {
    {"ints", {33,12,73,44,23,29,47,89,61,30,43,39,45,48,57,26,69,88,63,100,71,46,31,98,81,11,37,9,76,32,34,25,28,85,91,64,6,72,68,86,51,80,38,13,59,40,77,95,41,20,78,15,14,60,2,7,83,74,99,1,97,8,3,75,90,58,55,17,22,52,87,21,96,4,82,36,53,50,66,24,10,35,70,56,62,49,27,84,94,92,42,19,67,93,65,5,54,18,79,16}},
    {"negs", {39,46,8,18,38,9,17,37,30,15,22,5,14,48,10,12,16,41,43,21,2,44,35,19,27,49,1,45,33,42,29,32,4,7,3,23,34,47,36,6,11,26,50,31,13,24,25,28,40,20}},
    {"tuples", {19,36,29,23,1,14,24,3,2,35,4,40,31,11,26,25,5,9,10,13,17,20,27,16,38,21,28,8,22,37,6,7,12,15,34,32,33,18,39,30}},
    {"strings", {28,32,30,5,10,1,11,6,12,37,31,35,29,27,15,19,7,22,3,23,16,20,39,33,2,21,36,4,9,25,8,13,24,26,14,38,40,18,34,17}},
    {"binaries", {13,7,18,38,37,1,20,24,26,2,25,23,33,9,3,39,11,32,12,6,34,16,8,21,30,27,5,31,19,10,40,17,36,15,22,35,28,29,14,4}},
    {"floats", {22,33,15,23,25,26,11,16,28,20,21,14,19,39,36,30,12,34,2,18,8,3,7,35,13,1,27,9,5,10,40,4,29,17,24,32,38,37,31,6}},
    {"bigs", {16,39,21,9,29,23,35,31,14,25,3,20,13,32,7,36,15,33,6,24,10,4,2,8,1,40,22,18,11,19,27,28,37,26,5,30,17,34,38,12}},
    {"mixed", {16,7,13,4,8,27,41,12,1,37,14,39,3,11,9,34,38,42,18,30,20,43,19,47,17,46,5,6,10,23,24,40,31,36,15,33,26,22,44,29,35,28,21,2,32,48,25,45}},
    {"mapkeys", {30,24,27,2,5,12,18,21,19,34,15,14,22,4,1,13,29,17,25,3,11,28,9,37,23,26,41,39,16,33,6,10,40,7,38,31,8,20,35,36,32}},
    {"big1000", {745,183,58,790,704,952,650,900,910,162,3,403,383,261,835,813,514,407,210,559,875,920,77,849,937,256,155,815,756,908,831,755,348,420,491,440,325,591,87,473,551,218,678,476,406,116,905,871,349,103,953,65,620,623,322,653,695,855,43,276,270,788,295,966,737,585,687,254,725,329,944,852,260,358,204,686,405,277,801,163,803,481,683,95,527,636,545,734,290,171,274,430,22,903,195,229,919,696,424,438,54,18,626,851,624,883,708,804,240,455,485,540,459,121,489,17,607,856,722,411,747,827,181,328,714,525,531,676,632,713,609,450,927,463,892,80,973,961,467,868,201,732,312,894,914,175,286,762,943,188,764,469,733,932,752,484,214,574,999,583,23,702,750,471,784,635,886,602,238,825,741,511,806,460,669,432,795,507,811,72,698,324,641,96,703,781,35,477,143,253,631,66,152,654,584,960,760,880,748,718,513,145,68,629,913,6,316,564,29,840,215,975,310,85,39,417,83,846,78,549,447,321,292,954,123,104,897,226,630,561,957,617,161,933,227,126,556,67,435,889,57,283,41,494,178,228,723,168,15,220,275,27,998,341,247,49,934,46,445,7,970,824,179,836,426,234,587,989,230,746,597,864,197,119,614,993,154,55,309,185,779,157,74,834,106,373,701,182,250,59,906,659,598,127,353,160,765,289,518,663,526,816,293,941,538,376,515,100,159,552,711,922,21,786,400,264,374,89,73,232,493,668,1000,370,634,165,64,962,399,296,224,885,294,785,869,539,568,974,983,731,93,606,114,390,412,279,458,542,134,907,389,492,604,601,638,793,847,259,994,615,946,593,502,535,51,578,150,61,742,800,830,901,820,775,176,857,863,577,947,244,138,848,774,269,721,284,533,567,569,486,838,125,814,782,879,850,769,519,572,560,381,339,948,496,108,208,431,829,579,873,186,142,739,758,139,950,740,433,291,164,249,684,648,982,319,643,649,661,588,88,124,693,398,990,337,278,754,452,862,24,995,802,972,837,749,382,448,392,771,367,590,436,644,909,62,536,446,499,333,307,464,504,751,553,757,212,202,386,425,658,841,110,323,761,1,91,681,942,48,744,268,453,187,409,817,707,42,308,918,916,140,151,921,241,393,965,509,777,580,832,209,671,437,662,468,71,313,483,639,619,377,133,699,479,141,706,378,192,206,13,129,767,20,628,778,582,193,223,799,594,9,768,657,115,480,613,728,84,351,670,318,262,642,554,219,510,40,530,122,694,724,945,354,203,200,660,656,902,712,980,135,131,280,63,60,963,213,500,964,637,287,736,113,882,978,298,301,147,870,101,558,523,335,854,117,387,605,936,543,221,334,692,987,783,616,102,194,949,581,876,888,529,956,302,332,282,984,969,16,342,5,391,326,853,344,839,705,189,791,90,776,625,555,173,780,720,689,75,25,357,666,789,688,53,37,792,821,470,465,716,475,128,384,981,30,352,929,331,11,421,685,497,132,828,520,44,646,414,951,571,872,10,770,627,69,356,315,845,217,258,368,823,709,808,534,890,923,544,478,537,895,130,860,938,773,441,2,345,416,167,174,428,330,402,38,288,541,677,28,231,898,506,419,237,297,82,239,81,904,355,495,563,172,928,177,763,251,859,92,252,940,719,404,861,32,675,596,394,887,498,33,575,371,796,911,532,12,522,985,844,413,388,109,931,70,997,263,971,787,600,647,807,304,517,105,285,170,924,343,810,365,52,456,697,225,915,865,490,410,562,599,327,255,306,461,603,415,991,462,434,939,408,586,610,812,589,205,149,652,524,818,592,233,246,305,680,738,797,884,158,444,655,867,794,622,396,917,156,76,608,418,715,710,557,8,667,271,385,488,881,673,727,359,546,743,375,700,300,196,320,317,858,899,34,766,968,547,967,674,508,36,866,449,146,311,99,955,50,336,576,380,912,362,235,664,273,691,397,211,338,573,805,896,79,372,772,169,207,958,822,730,366,112,640,136,429,14,423,482,94,111,979,379,267,550,299,528,501,442,986,360,439,891,4,735,361,118,198,759,107,690,611,466,474,729,833,19,45,245,512,842,363,346,86,347,566,516,633,364,47,798,726,874,190,191,621,548,395,935,682,166,443,503,350,340,672,679,992,26,242,257,926,878,487,565,184,595,401,570,988,31,753,612,809,717,137,451,427,265,505,976,314,236,877,843,303,930,272,977,120,144,222,826,216,645,153,665,996,56,893,97,266,521,422,454,472,457,98,281,925,369,651,618,819,199,148,243,959,248,180}},
};

class MapTest : public ::testing::Test {
 protected:
  VM vm;
  Process p{vm, 1};

  Term I(SWord v) { return Term::small(v); }
  Term big_shift(SWord shift) { return int_bsl(p, I(1), I(shift)); }

  Term bits(unsigned value, unsigned nbits) {
    // A sub-binary of nbits bits (nbits < 8) over a one-byte heap binary.
    unsigned char* data;
    Term base = make_binary_uninit(p, 1, &data);
    data[0] = static_cast<unsigned char>(value << (8 - nbits));
    Word* sb = p.alloc(kSubBinWords);
    sb[0] = make_header(BoxKind::SubBin, kSubBinWords - 1);
    sb[1] = nbits;
    sb[2] = 0;
    sb[3] = base.raw();
    return Term::boxed(sb);
  }

  Term int_map(int n) {
    std::vector<Term> ks, vs;
    for (int j = 1; j <= n; ++j) {
      ks.push_back(I(j));
      vs.push_back(I(j));
    }
    return map_from_pairs(p, ks, vs);
  }

  std::vector<Term> keys_of(const std::string& name) {
    std::vector<Term> ks;
    if (name == "ints") {
      for (int i = 1; i <= 100; ++i) ks.push_back(I(i));
    } else if (name == "negs") {
      for (int i = 1; i <= 50; ++i) ks.push_back(I(-i * 7919));
    } else if (name == "tuples") {
      for (int i = 1; i <= 40; ++i) ks.push_back(make_tuple(p, {I(i), I(2 * i)}));
    } else if (name == "strings") {
      for (int i = 1; i <= 40; ++i) ks.push_back(make_string(p, std::to_string(i * 37)));
    } else if (name == "binaries") {
      for (int i = 1; i <= 40; ++i) ks.push_back(make_binary(p, std::to_string(i * 101)));
    } else if (name == "floats") {
      for (int i = 1; i <= 40; ++i) ks.push_back(make_float(p, i / 3.0));
    } else if (name == "bigs") {
      for (int i = 1; i <= 40; ++i) ks.push_back(int_add(p, big_shift(60 + i), I(i)));
    } else if (name == "mixed") {
      for (int i = 1; i <= 20; ++i) ks.push_back(make_cons(p, I(i), I(i)));
      ks.push_back(make_tuple(p, std::span<const Term>()));
      ks.push_back(kNil);
      ks.push_back(make_binary(p, ""));
      ks.push_back(bits(1, 3));
      ks.push_back(make_binary(p, "abcdefghijklmnopq"));
      ks.push_back(make_float(p, -0.0));
      Term l5[] = {I(1), I(2), I(3), I(300), I(4)};
      ks.push_back(make_list(p, l5));
      ks.push_back(make_tuple(p, {I(1), make_tuple(p, {I(2), I(3)})}));
      ks.push_back(map_put(p, map_new(p), I(1), I(2)));
      ks.push_back(map_new(p));
      ks.push_back(make_string(p, "abcde"));
      Term l2[] = {I(1), I(2)};
      ks.push_back(make_list(p, l2, I(3)));
      ks.push_back(make_integer_u64(p, ~std::uint64_t{0}));
      ks.push_back(int_neg(p, big_shift(64)));
      ks.push_back(big_shift(59));
      ks.push_back(int_neg(p, big_shift(59)));
      ks.push_back(I(kSmallMax));
      ks.push_back(int_sub(p, I(kSmallMin), I(1)));
      for (unsigned i = 1; i <= 10; ++i) ks.push_back(bits(i, 7));
    } else if (name == "mapkeys") {
      for (int i = 0; i <= 40; ++i) ks.push_back(int_map(i));
    } else if (name == "big1000") {
      for (int i = 1; i <= 1000; ++i) ks.push_back(I(SWord{i} * i * 13));
    }
    return ks;
  }

  // Values of the keys in maps:keys order.
  std::vector<int> value_order(Term m) {
    std::vector<int> out;
    for (Term l = map_keys_list(p, m); l.is_list(); l = l.tail()) {
      Term v = map_get(m, l.head());
      out.push_back(v.is_small() ? static_cast<int>(v.small_value()) : -1);
    }
    return out;
  }
};

TEST_F(MapTest, IterationOrderMatchesOtp25) {
  for (const OrderCase& c : kOtpOrders) {
    std::vector<Term> ks = keys_of(c.name);
    ASSERT_EQ(ks.size(), c.values_in_key_order.size()) << c.name;
    std::vector<Term> vs;
    for (std::size_t i = 0; i < ks.size(); ++i) vs.push_back(I(static_cast<SWord>(i + 1)));
    Term m = map_from_pairs(p, ks, vs);
    EXPECT_EQ(value_order(m), c.values_in_key_order) << c.name;
    // The same map built one put at a time, in reverse, has the same order.
    Term m2 = map_new(p);
    for (std::size_t i = ks.size(); i-- > 0;) m2 = map_put(p, m2, ks[i], vs[i]);
    EXPECT_EQ(value_order(m2), c.values_in_key_order) << c.name;
    EXPECT_TRUE(exact_equal(m, m2)) << c.name;
  }
}

TEST_F(MapTest, IteratorOrderIsReverseOfKeysForLargeMaps) {
  // OTP 25: ~p and maps:iterator/next walk 16, 18, 5, ... for 1..40, while
  // maps:keys returns 33, 12, 23, ... (the same walk, reversed).
  Term m = int_map(40);
  std::vector<SWord> walk;
  map_foreach(m, [&](Term k, Term) { walk.push_back(k.small_value()); });
  std::vector<SWord> head(walk.begin(), walk.begin() + 6);
  EXPECT_EQ(head, (std::vector<SWord>{16, 18, 5, 19, 27, 35}));
  std::vector<SWord> keys;
  for (Term l = map_keys_list(p, m); l.is_list(); l = l.tail()) keys.push_back(l.head().small_value());
  std::reverse(keys.begin(), keys.end());
  EXPECT_EQ(keys, walk);
}

TEST_F(MapTest, SmallLargeTransitions) {
  Term m = int_map(32);
  EXPECT_EQ(m.box_kind(), BoxKind::Map);
  EXPECT_EQ(map_size(m), 32u);
  Term m33 = map_put(p, m, I(33), I(33));
  EXPECT_EQ(m33.box_kind(), BoxKind::HashMap);
  EXPECT_EQ(map_size(m33), 33u);
  EXPECT_TRUE(exact_equal(m33, int_map(33)));
  for (int i = 1; i <= 33; ++i) EXPECT_EQ(map_get(m33, I(i)), I(i));
  // Removing a key that is absent keeps the map as it is.
  EXPECT_EQ(map_remove(p, m33, I(99)), m33);
  Term back = map_remove(p, m33, I(33));
  EXPECT_EQ(back.box_kind(), BoxKind::Map);
  EXPECT_TRUE(exact_equal(back, m));
  Term other = map_remove(p, m33, I(1));
  EXPECT_EQ(other.box_kind(), BoxKind::Map);
  EXPECT_EQ(map_get(other, I(1)), kNonValue);
  EXPECT_EQ(map_size(other), 32u);
  // Flat keys stay sorted after the conversion.
  std::vector<SWord> ks;
  map_foreach(other, [&](Term k, Term) { ks.push_back(k.small_value()); });
  EXPECT_TRUE(std::is_sorted(ks.begin(), ks.end()));
}

TEST_F(MapTest, FlatMapBasics) {
  Term m = map_new(p);
  EXPECT_EQ(map_size(m), 0u);
  m = map_put(p, m, I(2), I(20));
  m = map_put(p, m, make_float(p, 1.0), I(10));
  m = map_put(p, m, I(1), I(11));
  m = map_put(p, m, vm.atoms().intern("a"), I(1));
  EXPECT_EQ(map_size(m), 4u);
  // Exact key order: integers, then floats, then atoms.
  auto sorted = map_sorted_pairs(vm, m);
  ASSERT_EQ(sorted.size(), 4u);
  EXPECT_EQ(sorted[0].first, I(1));
  EXPECT_EQ(sorted[1].first, I(2));
  EXPECT_TRUE(sorted[2].first.is_float());
  EXPECT_TRUE(sorted[3].first.is_atom());
  EXPECT_EQ(map_get(m, make_float(p, 1.0)), I(10));
  EXPECT_EQ(map_get(m, I(3)), kNonValue);
  EXPECT_EQ(map_update(p, m, I(3), I(0)), kNonValue);
  Term u = map_update(p, m, I(2), I(22));
  EXPECT_EQ(map_get(u, I(2)), I(22));
  EXPECT_EQ(u.box_ptr()[2], m.box_ptr()[2]);  // keys tuple shared
  EXPECT_EQ(map_put(p, m, I(2), I(20)), m);   // same value: same map
  Term r = map_remove(p, m, I(1));
  EXPECT_EQ(map_size(r), 3u);
  EXPECT_EQ(map_get(r, I(1)), kNonValue);
}

TEST_F(MapTest, FromPairsLaterWins) {
  Term ks[] = {I(1), make_float(p, 1.0), I(1)};
  Term vs[] = {I(100), I(200), I(300)};
  Term m = map_from_pairs(p, ks, vs);
  EXPECT_EQ(map_size(m), 2u);
  EXPECT_EQ(map_get(m, I(1)), I(300));
  std::vector<Term> bk, bv;
  for (int i = 0; i < 100; ++i) {
    bk.push_back(I(i % 40));
    bv.push_back(I(i));
  }
  Term big = map_from_pairs(p, bk, bv);
  EXPECT_EQ(map_size(big), 40u);
  for (int i = 0; i < 40; ++i) EXPECT_EQ(map_get(big, I(i)), I(80 + i < 100 ? 80 + i : 40 + i));
  // Only 20 distinct keys among 100 pairs: a flat map.
  std::vector<Term> sk, sv;
  for (int i = 0; i < 100; ++i) {
    sk.push_back(I(i % 20));
    sv.push_back(I(i));
  }
  Term small = map_from_pairs(p, sk, sv);
  EXPECT_EQ(small.box_kind(), BoxKind::Map);
  EXPECT_EQ(map_get(small, I(5)), I(85));
}

TEST_F(MapTest, PutManyExactAndAssoc) {
  Term m = int_map(5);
  Term ks[] = {I(2), I(4)};
  Term vs[] = {I(-2), I(-4)};
  Term bad = kNonValue;
  Term r = map_put_many(p, m, ks, vs, true, &bad);
  EXPECT_EQ(map_get(r, I(4)), I(-4));
  Term ks2[] = {I(2), I(999)};
  EXPECT_EQ(map_put_many(p, m, ks2, vs, true, &bad), kNonValue);
  EXPECT_EQ(bad, I(999));
  Term r2 = map_put_many(p, m, ks2, vs, false, &bad);
  EXPECT_EQ(map_size(r2), 6u);
  EXPECT_EQ(map_get(r2, I(999)), I(-4));
  // Assoc that crosses into a trie.
  std::vector<Term> many_k, many_v;
  for (int i = 0; i < 40; ++i) {
    many_k.push_back(I(100 + i));
    many_v.push_back(I(i));
  }
  Term r3 = map_put_many(p, m, many_k, many_v, false, &bad);
  EXPECT_EQ(r3.box_kind(), BoxKind::HashMap);
  EXPECT_EQ(map_size(r3), 45u);
  Term big = int_map(100);
  Term r4 = map_put_many(p, big, ks, vs, true, &bad);
  EXPECT_EQ(map_get(r4, I(2)), I(-2));
  EXPECT_EQ(map_put_many(p, big, ks2, vs, true, &bad), kNonValue);
}

TEST_F(MapTest, MergeAllShapes) {
  auto range_map = [&](int from, int to, int tag) {
    std::vector<Term> k, v;
    for (int i = from; i < to; ++i) {
      k.push_back(I(i));
      v.push_back(I(i * 10 + tag));
    }
    return map_from_pairs(p, k, v);
  };
  for (auto [a0, a1, b0, b1] : std::vector<std::array<int, 4>>{
           {0, 10, 5, 20}, {0, 30, 10, 40}, {0, 100, 50, 60}, {0, 5, 0, 100}, {0, 100, 20, 130}, {0, 0, 0, 50}}) {
    Term a = range_map(a0, a1, 1), b = range_map(b0, b1, 2);
    Term m = map_merge(p, a, b);
    int lo = std::min(a0, b0), hi = std::max(a1, b1);
    ASSERT_EQ(map_size(m), static_cast<Word>(hi - lo));
    for (int i = lo; i < hi; ++i) {
      int expect = (i >= b0 && i < b1) ? i * 10 + 2 : i * 10 + 1;
      EXPECT_EQ(map_get(m, I(i)), I(expect));
    }
    EXPECT_TRUE(exact_equal(m, map_from_pairs(p, std::vector<Term>{}, std::vector<Term>{})) == (hi == lo));
  }
}

TEST_F(MapTest, EqualityIndependentOfHistory) {
  std::mt19937_64 rng(7);
  std::vector<SWord> keys;
  for (int i = 0; i < 500; ++i) keys.push_back(static_cast<SWord>(rng() % 100000));
  Term a = map_new(p);
  for (SWord k : keys) a = map_put(p, a, I(k), I(k * 2));
  // Insert extra keys and remove them again, in another order.
  Term b = map_new(p);
  std::vector<SWord> shuffled = keys;
  std::shuffle(shuffled.begin(), shuffled.end(), rng);
  for (int i = 0; i < 300; ++i) b = map_put(p, b, I(200000 + i), I(0));
  for (SWord k : shuffled) b = map_put(p, b, I(k), I(k * 2));
  for (int i = 0; i < 300; ++i) b = map_remove(p, b, I(200000 + i));
  EXPECT_TRUE(map_exact_equal(a, b));
  EXPECT_TRUE(exact_equal(a, b));
  EXPECT_EQ(compare_terms(vm, a, b), 0);
  EXPECT_EQ(hashmap_compare(vm, a, b, true), 0);
  Term c = map_put(p, b, I(keys[0]), make_float(p, static_cast<double>(keys[0] * 2)));
  EXPECT_FALSE(map_exact_equal(a, c));
  EXPECT_EQ(hashmap_compare(vm, a, c, false), 0);  // == on values
  EXPECT_EQ(hashmap_compare(vm, a, c, true), -1);  // integer < float exactly
}

TEST_F(MapTest, CompareOrder) {
  Term a = int_map(40);
  Term b = map_put(p, map_remove(p, a, I(40)), I(41), I(41));
  EXPECT_EQ(hashmap_compare(vm, a, b, true), -1);  // keys 1..40 < 1..39,41
  EXPECT_EQ(hashmap_compare(vm, b, a, true), 1);
  EXPECT_EQ(hashmap_compare(vm, int_map(40), int_map(41), true), -1);
  EXPECT_EQ(hashmap_compare(vm, int_map(33), int_map(32), false), 1);
}

TEST_F(MapTest, StressAgainstStdMap) {
  std::mt19937_64 rng(12345);
  std::map<SWord, SWord> model;
  Term m = map_new(p);
  for (int step = 0; step < 100000; ++step) {
    SWord k = static_cast<SWord>(rng() % 30000) - 15000;
    unsigned op = rng() % 10;
    if (op < 6) {
      SWord v = static_cast<SWord>(rng() % 1000);
      m = map_put(p, m, I(k), I(v));
      model[k] = v;
    } else if (op < 8) {
      m = map_remove(p, m, I(k));
      model.erase(k);
    } else {
      Term u = map_update(p, m, I(k), I(-1));
      auto it = model.find(k);
      if (it == model.end()) {
        EXPECT_EQ(u, kNonValue);
      } else {
        m = u;
        it->second = -1;
      }
    }
    ASSERT_EQ(map_size(m), model.size());
    ASSERT_EQ(m.box_kind(), model.size() > kFlatMapLimit ? BoxKind::HashMap : BoxKind::Map);
    if (step % 5000 == 0) {
      std::size_t seen = 0;
      map_foreach(m, [&](Term key, Term v) {
        ++seen;
        auto it = model.find(key.small_value());
        ASSERT_NE(it, model.end());
        EXPECT_EQ(v.small_value(), it->second);
      });
      EXPECT_EQ(seen, model.size());
      // Canonical: a rebuild from scratch is structurally identical.
      std::vector<Term> ks, vs;
      for (auto [k2, v2] : model) {
        ks.push_back(I(k2));
        vs.push_back(I(v2));
      }
      EXPECT_TRUE(exact_equal(m, map_from_pairs(p, ks, vs)));
    }
  }
  for (auto [k, v] : model) ASSERT_EQ(map_get(m, I(k)), I(v));
  // Drain to empty.
  for (auto [k, v] : model) m = map_remove(p, m, I(k));
  EXPECT_EQ(map_size(m), 0u);
}

TEST_F(MapTest, IteratorBatchesCoverEveryKey) {
  for (int n : {0, 5, 32, 33, 100, 5000}) {
    Term m = int_map(n);
    Term it = map_iterator_next(p, I(0), m);
    std::vector<SWord> seen;
    while (it != atoms::none) {
      ASSERT_TRUE(it.is_tuple());
      while (it.is_tuple()) {
        seen.push_back(it.element(0).small_value());
        it = it.element(2);
      }
      if (it.is_list()) it = map_iterator_next(p, it.head(), it.tail());
    }
    std::vector<SWord> walk;
    map_foreach(m, [&](Term k, Term) { walk.push_back(k.small_value()); });
    EXPECT_EQ(seen, walk) << n;
  }
  EXPECT_EQ(map_iterator_next(p, I(4), int_map(3)), kNonValue);
  EXPECT_EQ(map_iterator_next(p, I(15), int_map(40)), kNonValue);
}

TEST_F(MapTest, ListsInOtpOrder) {
  Term m = int_map(3);
  Term l = map_to_list(p, m);
  ASSERT_TRUE(l.is_list());
  EXPECT_EQ(l.head().element(0), I(1));
  EXPECT_EQ(map_values_list(p, m).head(), I(1));
  Term big = int_map(40);
  EXPECT_EQ(map_keys_list(p, big).head(), I(33));
  EXPECT_EQ(map_to_list(p, big).head().element(1), I(33));
  EXPECT_EQ(list_length(map_values_list(p, big)), 40);
}

TEST_F(MapTest, KeyHashKnownValues) {
  // Hashes that equal keys must share, whatever the representation.
  EXPECT_EQ(map_key_hash(make_float(p, 0.0), 0), map_key_hash(make_float(p, -0.0), 0));
  EXPECT_EQ(map_key_hash(make_binary(p, "abc"), 0), map_key_hash(make_binary(p, std::string(100, 'x')).is_value() ? make_binary(p, "abc") : kNil, 0));
  EXPECT_NE(map_key_hash(I(1), 0), map_key_hash(I(1), 1));
}

class MapBifTest : public MapTest {
 protected:
  Term call(const char* mod, const char* name, std::vector<Term> args) {
    int i = vm.bifs().find(vm.atoms().intern(mod), vm.atoms().intern(name), static_cast<unsigned>(args.size()));
    EXPECT_GE(i, 0) << mod << ":" << name;
    if (i < 0) return kNonValue;
    return vm.bifs().at(i).fn(p, args.data());
  }
  Term A(const char* s) { return vm.atoms().intern(s); }
  // The error reason of a failed call: {Tag, Term} tuples or an atom.
  bool failed_with(Term r, Term tag, Term what) {
    if (r.is_value() || p.error_class() != atoms::error) return false;
    Term reason = p.error_reason();
    if (what.is_non_value()) return reason == tag;
    return reason.is_tuple() && reason.element(0) == tag && exact_equal(reason.element(1), what);
  }
};

TEST_F(MapBifTest, ErrorsAsOtp) {
  Term foo = A("foo"), k = A("k");
  Term m = map_put(p, map_new(p), A("a"), I(1));
  EXPECT_TRUE(failed_with(call("erlang", "map_size", {foo}), atoms::badmap, foo));
  EXPECT_TRUE(failed_with(call("erlang", "is_map_key", {k, foo}), atoms::badmap, foo));
  EXPECT_TRUE(failed_with(call("erlang", "map_get", {k, foo}), atoms::badmap, foo));
  EXPECT_TRUE(failed_with(call("erlang", "map_get", {k, m}), atoms::badkey, k));
  EXPECT_TRUE(failed_with(call("maps", "get", {k, m}), atoms::badkey, k));
  EXPECT_EQ(call("maps", "get", {k, m, I(7)}), I(7));
  EXPECT_TRUE(failed_with(call("maps", "get", {k, foo, I(7)}), atoms::badmap, foo));
  EXPECT_EQ(call("maps", "find", {k, m}), atoms::error);
  EXPECT_TRUE(failed_with(call("maps", "put", {k, I(1), foo}), atoms::badmap, foo));
  EXPECT_TRUE(failed_with(call("maps", "update", {k, I(1), m}), atoms::badkey, k));
  EXPECT_TRUE(failed_with(call("maps", "remove", {k, foo}), atoms::badmap, foo));
  EXPECT_EQ(call("maps", "take", {k, m}), atoms::error);
  Term taken = call("maps", "take", {A("a"), m});
  ASSERT_TRUE(taken.is_tuple());
  EXPECT_EQ(taken.element(0), I(1));
  EXPECT_EQ(map_size(taken.element(1)), 0u);
  EXPECT_TRUE(failed_with(call("maps", "keys", {foo}), atoms::badmap, foo));
  EXPECT_TRUE(failed_with(call("maps", "from_list", {foo}), atoms::badarg, kNonValue));
  EXPECT_TRUE(failed_with(call("maps", "from_list", {make_cons(p, A("a"), kNil)}), atoms::badarg, kNonValue));
  EXPECT_TRUE(failed_with(call("maps", "from_keys", {make_cons(p, A("a"), A("b")), I(1)}), atoms::badarg, kNonValue));
  EXPECT_TRUE(failed_with(call("maps", "merge", {m, foo}), atoms::badmap, foo));
  EXPECT_TRUE(failed_with(call("maps", "merge", {foo, A("bar")}), atoms::badmap, foo));
  EXPECT_TRUE(failed_with(call("maps", "iterator", {foo}), atoms::badmap, foo));
  EXPECT_TRUE(failed_with(call("maps", "next", {foo}), atoms::badarg, kNonValue));
  EXPECT_TRUE(failed_with(call("maps", "next", {make_cons(p, I(-1), m)}), atoms::badarg, kNonValue));
  EXPECT_EQ(call("maps", "next", {call("maps", "iterator", {map_new(p)})}), atoms::none);
  EXPECT_EQ(call("erlang", "is_map", {m}), kTrue);
  EXPECT_EQ(call("erlang", "is_map", {foo}), kFalse);
  EXPECT_EQ(map_size(call("maps", "from_keys", {make_list(p, std::vector<Term>{A("a"), A("b"), A("a")}), I(1)})), 2u);
}

TEST_F(MapBifTest, IteratorShapeForFlatMaps) {
  // OTP 25: maps:next(maps:iterator(#{1=>1,2=>2})) = {1,1,{2,2,none}}.
  Term m = int_map(2);
  Term r = call("maps", "next", {call("maps", "iterator", {m})});
  ASSERT_TRUE(r.is_tuple());
  EXPECT_EQ(r.element(0), I(1));
  Term rest = r.element(2);
  ASSERT_TRUE(rest.is_tuple());
  EXPECT_EQ(rest.element(0), I(2));
  EXPECT_EQ(rest.element(2), atoms::none);
  EXPECT_EQ(call("maps", "next", {rest}), rest);
}

}  // namespace
}  // namespace girder::vm
