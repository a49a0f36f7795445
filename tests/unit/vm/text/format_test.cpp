// io_lib:format/2 directives against output recorded from Erlang/OTP 25.
//
// Each case holds the format and the argument list as external term format
// (hex of term_to_binary), whether OTP accepted it (false: badarg) and the
// flattened result as UTF-8. The rows between the GENERATED markers were
// produced by a small escript from a list of `Format, Args` lines: it ran
// io_lib:format in OTP 25 and printed one row per line; the source line is
// the first field. To add a case, record it the same way (never hand-edit
// an expected string).
#include <gtest/gtest.h>

#include <span>
#include <string>
#include <vector>

#include "vm/bif/bif.h"
#include "vm/proc/process.h"
#include "vm/term/build.h"
#include "vm/term/map.h"
#include "vm/text/etf.h"
#include "vm/text/format.h"
#include "vm/text/print.h"
#include "vm/vm.h"

namespace girder::vm {

std::span<const BifSpec> bifs_io();

namespace {

struct Case {
  const char* source;
  const char* format_etf;
  const char* args_etf;
  bool ok;
  const char* expected;
};

// clang-format off
constexpr Case kCases[] = {
// GENERATED BEGIN
    {"\"hello\", []",
     "836b000568656c6c6f",
     "836a",
     true, "hello"},
    {"\"\", []",
     "836a",
     "836a",
     true, ""},
    {"\"a~nb\", []",
     "836b0004617e6e62",
     "836a",
     true, "a\012b"},
    {"\"~~\", []",
     "836b00027e7e",
     "836a",
     true, "~"},
    {"\"~3~|\", []",
     "836b00047e337e7c",
     "836a",
     true, "~~~|"},
    {"\"~3n|\", []",
     "836b00047e336e7c",
     "836a",
     true, "\012\012\012|"},
    {"\"~-3n|\", []",
     "836b00057e2d336e7c",
     "836a",
     false, ""},
    {"\"~i~w\", [skipped, shown]",
     "836b00047e697e77",
     "836c00000002640007736b697070656464000573686f776e6a",
     true, "shown"},
    {"\"~c\", [$a]",
     "836b00027e63",
     "836b000161",
     true, "a"},
    {"\"~5c|\", [$a]",
     "836b00047e35637c",
     "836b000161",
     true, "aaaaa|"},
    {"\"~.3c|\", [$x]",
     "836b00057e2e33637c",
     "836b000178",
     true, "xxx|"},
    {"\"~5.3c|\", [$x]",
     "836b00067e352e33637c",
     "836b000178",
     true, "  xxx|"},
    {"\"~-5.3c|\", [$x]",
     "836b00077e2d352e33637c",
     "836b000178",
     true, "xxx  |"},
    {"\"~5.3.-c|\", [$x]",
     "836b00087e352e332e2d637c",
     "836b000178",
     true, "--xxx|"},
    {"\"~3.5c|\", [$x]",
     "836b00067e332e35637c",
     "836b000178",
     false, ""},
    {"\"~c\", [1000]",
     "836b00027e63",
     "836c0000000162000003e86a",
     true, "\303\250"},
    {"\"~tc\", [1000]",
     "836b00037e7463",
     "836c0000000162000003e86a",
     true, "\317\250"},
    {"\"~c\", [353]",
     "836b00027e63",
     "836c0000000162000001616a",
     true, "a"},
    {"\"~c\", [a]",
     "836b00027e63",
     "836c00000001640001616a",
     false, ""},
    {"\"~\", []",
     "836b00017e",
     "836a",
     false, ""},
    {"\"~-\", []",
     "836b00027e2d",
     "836a",
     false, ""},
    {"\"~10\", []",
     "836b00037e3130",
     "836a",
     false, ""},
    {"\"~q\", []",
     "836b00027e71",
     "836a",
     false, ""},
    {"\"~a\", [x]",
     "836b00027e61",
     "836c00000001640001786a",
     false, ""},
    {"\"~p\", []",
     "836b00027e70",
     "836a",
     false, ""},
    {"\"~p\", [1, 2]",
     "836b00027e70",
     "836b00020102",
     false, ""},
    {"\"~p~p\", [1]",
     "836b00047e707e70",
     "836b000101",
     false, ""},
    {"\"~p\", a",
     "836b00027e70",
     "8364000161",
     false, ""},
    {"\"~w\", [a|b]",
     "836b00027e77",
     "836c000000016400016164000162",
     false, ""},
    {"<<\"x~wy\">>, [1]",
     "836d00000004787e7779",
     "836b000101",
     true, "x1y"},
    {"<<\"\303\244~s\"/utf8>>, [\"x\"]",
     "836d00000004c3a47e73",
     "836c000000016b0001786a",
     true, "\303\203\302\244x"},
    {"'a~wb', [1]",
     "83640004617e7762",
     "836b000101",
     true, "a1b"},
    {"\"\321\204~w\", [1]",
     "836c000000036200000444617e61776a",
     "836b000101",
     true, "\321\2041"},
    {"\"~ts\", [\"\321\204\321\213\320\262\"]",
     "836b00037e7473",
     "836c000000016c000000036200000444620000044b62000004326a6a",
     true, "\321\204\321\213\320\262"},
    {"\"~w\", [abc]",
     "836b00027e77",
     "836c000000016400036162636a",
     true, "abc"},
    {"\"~5w|\", [abc]",
     "836b00047e35777c",
     "836c000000016400036162636a",
     true, "  abc|"},
    {"\"~-5w|\", [abc]",
     "836b00057e2d35777c",
     "836c000000016400036162636a",
     true, "abc  |"},
    {"\"~2w|\", [abc]",
     "836b00047e32777c",
     "836c000000016400036162636a",
     true, "**|"},
    {"\"~.2w|\", [abc]",
     "836b00057e2e32777c",
     "836c000000016400036162636a",
     true, "**|"},
    {"\"~5.2w|\", [abc]",
     "836b00067e352e32777c",
     "836c000000016400036162636a",
     true, "   **|"},
    {"\"~*w|\", [5, a]",
     "836b00047e2a777c",
     "836c000000026105640001616a",
     true, "    a|"},
    {"\"~*w|\", [-5, a]",
     "836b00047e2a777c",
     "836c0000000262fffffffb640001616a",
     true, "a    |"},
    {"\"~-*w|\", [-5, a]",
     "836b00057e2d2a777c",
     "836c0000000262fffffffb640001616a",
     true, "    a|"},
    {"\"~.*w|\", [2, abc]",
     "836b00057e2e2a777c",
     "836c0000000261026400036162636a",
     true, "**|"},
    {"\"~5.2.xw|\", [abc]",
     "836b00087e352e322e78777c",
     "836c000000016400036162636a",
     true, "xxx**|"},
    {"\"~5..xw|\", [abc]",
     "836b00077e352e2e78777c",
     "836c000000016400036162636a",
     true, "xxabc|"},
    {"\"~..xw|\", [abc]",
     "836b00067e2e2e78777c",
     "836c000000016400036162636a",
     true, "abc|"},
    {"\"~5.*w|\", [2, abc]",
     "836b00067e352e2a777c",
     "836c0000000261026400036162636a",
     true, "   **|"},
    {"\"~5..*w|\", [$z, abc]",
     "836b00077e352e2e2a777c",
     "836c00000002617a6400036162636a",
     true, "zzabc|"},
    {"\"~0w|\", [abc]",
     "836b00047e30777c",
     "836c000000016400036162636a",
     true, "|"},
    {"\"~W\", [[1,2,3,4,5], 3]",
     "836b00027e57",
     "836c000000026b0005010203040561036a",
     true, "[1,2|...]"},
    {"\"~W\", [{1,2,3,4,5}, 3]",
     "836b00027e57",
     "836c0000000268056101610261036104610561036a",
     true, "{1,2,...}"},
    {"\"~W\", [[[1,2],[3,4]], 3]",
     "836b00027e57",
     "836c000000026c000000026b000201026b000203046a61036a",
     true, "[[1|...],[...]]"},
    {"\"~W\", [x, 0]",
     "836b00027e57",
     "836c000000026400017861006a",
     true, "..."},
    {"\"~W\", [[1,2], 1]",
     "836b00027e57",
     "836c000000026b0002010261016a",
     true, "[...]"},
    {"\"~W\", [#{a=>1,b=>2,c=>3}, 2]",
     "836b00027e57",
     "836c00000002740000000364000161610164000162610264000163610361026a",
     true, "#{a => 1,...}"},
    {"\"~W\", [#{a=>1,b=>2,c=>3}, 3]",
     "836b00027e57",
     "836c00000002740000000364000161610164000162610264000163610361036a",
     true, "#{a => 1,b => 2,...}"},
    {"\"~W\", [#{a=>[1,2,3],b=>{x,y,z}}, 3]",
     "836b00027e57",
     "836c000000027400000002640001616b000301020364000162680364000178640001796400017a61036a",
     true, "#{a => [1|...],b => {x,...},...}"},
    {"\"~W\", [<<1,2,3,4,5,6>>, 3]",
     "836b00027e57",
     "836c000000026d0000000601020304050661036a",
     true, "<<1,2,...>>"},
    {"\"~W\", [<<1,2,3,4,5,6,1:3>>, 7]",
     "836b00027e57",
     "836c000000024d00000007030102030405062061076a",
     true, "<<1,2,3,4,5,6,...>>"},
    {"\"~W\", [<<1,2,1:3>>, 3]",
     "836b00027e57",
     "836c000000024d000000030301022061036a",
     true, "<<1,2,...>>"},
    {"\"~W\", [<<1,2,1:3>>, 4]",
     "836b00027e57",
     "836c000000024d000000030301022061046a",
     true, "<<1,2,1:3>>"},
    {"\"~W\", [<<\"abcdef\">>, 3]",
     "836b00027e57",
     "836c000000026d0000000661626364656661036a",
     true, "<<97,98,...>>"},
    {"\"~W\", [[1|2], 2]",
     "836b00027e57",
     "836c000000026c000000016101610261026a",
     true, "[1|...]"},
    {"\"~W\", [[1|2], 3]",
     "836b00027e57",
     "836c000000026c000000016101610261036a",
     true, "[1|2]"},
    {"\"~W\", [{a,{b,{c,{d}}}}, 3]",
     "836b00027e57",
     "836c0000000268026400016168026400016268026400016368016400016461036a",
     true, "{a,{...}}"},
    {"\"~W\", [\"abc\", 10]",
     "836b00027e57",
     "836c000000026b0003616263610a6a",
     true, "[97,98,99]"},
    {"\"~W\", [x, a]",
     "836b00027e57",
     "836c0000000264000178640001616a",
     false, ""},
    {"\"~s\", [\"abc\"]",
     "836b00027e73",
     "836c000000016b00036162636a",
     true, "abc"},
    {"\"~s\", [abc]",
     "836b00027e73",
     "836c000000016400036162636a",
     true, "abc"},
    {"\"~s\", [<<\"abc\">>]",
     "836b00027e73",
     "836c000000016d000000036162636a",
     true, "abc"},
    {"\"~s\", [[$a, [$b, <<\"c\">>], \"d\"]]",
     "836b00027e73",
     "836c000000016c0000000361616c0000000261626d00000001636a6b0001646a6a",
     true, "abcd"},
    {"\"~s\", [[\"ab\"|<<\"cd\">>]]",
     "836b00027e73",
     "836c000000016c000000016b000261626d0000000263646a",
     true, "abcd"},
    {"\"~s\", [[]]",
     "836b00027e73",
     "836c000000016a6a",
     true, ""},
    {"\"~s\", [<<>>]",
     "836b00027e73",
     "836c000000016d000000006a",
     true, ""},
    {"\"~s\", [[1000]]",
     "836b00027e73",
     "836c000000016c0000000162000003e86a6a",
     false, ""},
    {"\"~ts\", [[1000]]",
     "836b00037e7473",
     "836c000000016c0000000162000003e86a6a",
     true, "\317\250"},
    {"\"~s\", ['\321\204']",
     "836b00027e73",
     "836c000000017702d1846a",
     false, ""},
    {"\"~ts\", ['\321\204']",
     "836b00037e7473",
     "836c000000017702d1846a",
     true, "\321\204"},
    {"\"~s\", [[<<\"\321\204\"/utf8>>]]",
     "836b00027e73",
     "836c000000016c000000016d00000002d1846a6a",
     true, "\303\221\302\204"},
    {"\"~ts\", [[<<\"\321\204\"/utf8>>]]",
     "836b00037e7473",
     "836c000000016c000000016d00000002d1846a6a",
     true, "\321\204"},
    {"\"~ts\", [<<255,1>>]",
     "836b00037e7473",
     "836c000000016d00000002ff016a",
     true, "\303\277\001"},
    {"\"~s\", [[-1]]",
     "836b00027e73",
     "836c000000016c0000000162ffffffff6a6a",
     false, ""},
    {"\"~s\", [[a]]",
     "836b00027e73",
     "836c000000016c00000001640001616a6a",
     false, ""},
    {"\"~s\", [1]",
     "836b00027e73",
     "836b000101",
     false, ""},
    {"\"~s\", [[$a|$b]]",
     "836b00027e73",
     "836c000000016c00000001616161626a",
     false, ""},
    {"\"~s\", [{a}]",
     "836b00027e73",
     "836c000000016801640001616a",
     false, ""},
    {"\"~10s|\", [\"abc\"]",
     "836b00057e3130737c",
     "836c000000016b00036162636a",
     true, "       abc|"},
    {"\"~-10s|\", [\"abc\"]",
     "836b00067e2d3130737c",
     "836c000000016b00036162636a",
     true, "abc       |"},
    {"\"~5s|\", [\"abcdefg\"]",
     "836b00047e35737c",
     "836c000000016b0007616263646566676a",
     true, "abcde|"},
    {"\"~.3s|\", [\"abcdefg\"]",
     "836b00057e2e33737c",
     "836c000000016b0007616263646566676a",
     true, "abc|"},
    {"\"~.3s|\", [\"ab\"]",
     "836b00057e2e33737c",
     "836c000000016b000261626a",
     true, "ab |"},
    {"\"~5.3s|\", [\"abcdefg\"]",
     "836b00067e352e33737c",
     "836c000000016b0007616263646566676a",
     true, "  abc|"},
    {"\"~5.3s|\", [\"ab\"]",
     "836b00067e352e33737c",
     "836c000000016b000261626a",
     true, "  ab |"},
    {"\"~-5.3s|\", [\"ab\"]",
     "836b00077e2d352e33737c",
     "836c000000016b000261626a",
     true, "ab   |"},
    {"\"~3.5s|\", [\"ab\"]",
     "836b00067e332e35737c",
     "836c000000016b000261626a",
     false, ""},
    {"\"~5.5.xs|\", [\"ab\"]",
     "836b00087e352e352e78737c",
     "836c000000016b000261626a",
     true, "xxxab|"},
    {"\"~-5.3.xs|\", [\"ab\"]",
     "836b00097e2d352e332e78737c",
     "836c000000016b000261626a",
     true, "abxxx|"},
    {"\"~3.3s|\", [\"abcd\"]",
     "836b00067e332e33737c",
     "836c000000016b0004616263646a",
     true, "abc|"},
    {"\"~10.3.*s|\", [$., \"abcdef\"]",
     "836b00097e31302e332e2a737c",
     "836c00000002612e6b00066162636465666a",
     true, ".......abc|"},
    {"\"~10ts|\", [\"\321\204\321\213\320\262\320\260\"]",
     "836b00067e313074737c",
     "836c000000016c000000046200000444620000044b620000043262000004306a6a",
     true, "      \321\204\321\213\320\262\320\260|"},
    {"\"~.2ts|\", [\"\321\204\321\213\320\262\320\260\"]",
     "836b00067e2e3274737c",
     "836c000000016c000000046200000444620000044b620000043262000004306a6a",
     true, "\321\204\321\213|"},
    {"\"~-6.4ts|\", [<<\"\321\204\321\213\"/utf8>>]",
     "836b00087e2d362e3474737c",
     "836c000000016d00000004d184d18b6a",
     true, "\321\204\321\213    |"},
    {"\"~b\", [10]",
     "836b00027e62",
     "836b00010a",
     true, "10"},
    {"\"~b\", [-255]",
     "836b00027e62",
     "836c0000000162ffffff016a",
     true, "-255"},
    {"\"~.16b\", [-255]",
     "836b00057e2e313662",
     "836c0000000162ffffff016a",
     true, "-ff"},
    {"\"~.16B\", [-255]",
     "836b00057e2e313642",
     "836c0000000162ffffff016a",
     true, "-FF"},
    {"\"~.2B\", [5]",
     "836b00047e2e3242",
     "836b000105",
     true, "101"},
    {"\"~.36B\", [123456789]",
     "836b00057e2e333642",
     "836c0000000162075bcd156a",
     true, "21I3V9"},
    {"\"~.36b\", [123456789]",
     "836b00057e2e333662",
     "836c0000000162075bcd156a",
     true, "21i3v9"},
    {"\"~.16x\", [-255, \"0x\"]",
     "836b00057e2e313678",
     "836c0000000262ffffff016b000230786a",
     true, "-0xff"},
    {"\"~.16X\", [-255, '0x']",
     "836b00057e2e313658",
     "836c0000000262ffffff0164000230786a",
     true, "-0xFF"},
    {"\"~.16x\", [255, [$#, \"x\"]]",
     "836b00057e2e313678",
     "836c0000000261ff6c0000000261236b0001786a6a",
     true, "#xff"},
    {"\"~x\", [10, \"p\"]",
     "836b00027e78",
     "836c00000002610a6b0001706a",
     true, "p10"},
    {"\"~.16#\", [-255]",
     "836b00057e2e313623",
     "836c0000000162ffffff016a",
     true, "-16#FF"},
    {"\"~.16+\", [-255]",
     "836b00057e2e31362b",
     "836c0000000162ffffff016a",
     true, "-16#ff"},
    {"\"~#\", [10]",
     "836b00027e23",
     "836b00010a",
     true, "10#10"},
    {"\"~.2#\", [5]",
     "836b00047e2e3223",
     "836b000105",
     true, "2#101"},
    {"\"~8.16.0B\", [255]",
     "836b00087e382e31362e3042",
     "836b0001ff",
     true, "000000FF"},
    {"\"~-8.16.0B|\", [255]",
     "836b000a7e2d382e31362e30427c",
     "836b0001ff",
     true, "FF000000|"},
    {"\"~2B\", [255]",
     "836b00037e3242",
     "836b0001ff",
     true, "**"},
    {"\"~.37B\", [1]",
     "836b00057e2e333742",
     "836b000101",
     false, ""},
    {"\"~.1B\", [1]",
     "836b00047e2e3142",
     "836b000101",
     false, ""},
    {"\"~B\", [1.0]",
     "836b00027e42",
     "836c00000001463ff00000000000006a",
     false, ""},
    {"\"~B\", [a]",
     "836b00027e42",
     "836c00000001640001616a",
     false, ""},
    {"\"~B\", [12345678901234567890123456789012345678901234567890]",
     "836b00027e42",
     "836c000000016e1500d20a3fce96f1c7f87a742650a13cf8aa69637f72086a",
     true, "12345678901234567890123456789012345678901234567890"},
    {"\"~.16B\", [-12345678901234567890123456789012345678901234567890]",
     "836b00057e2e313642",
     "836c000000016e1501d20a3fce96f1c7f87a742650a13cf8aa69637f72086a",
     true, "-8727F6369AAF83CA15026747AF8C7F196CE3F0AD2"},
    {"\"~.36b\", [98765432109876543210987654321]",
     "836b00057e2e333662",
     "836c000000016e0d00b10cc7e1389df8ffc2d9203f016a",
     true, "9kpsz865lt7jkxk0gq9"},
    {"\"~10.16.0#|\", [255]",
     "836b000a7e31302e31362e30237c",
     "836b0001ff",
     true, "0000016#FF|"},
    {"\"~w\", [-576460752303423489]",
     "836b00027e77",
     "836c000000016e080101000000000000086a",
     true, "-576460752303423489"},
    {"\"~w\", [576460752303423488]",
     "836b00027e77",
     "836c000000016e080000000000000000086a",
     true, "576460752303423488"},
    {"\"~f\", [1.5]",
     "836b00027e66",
     "836c00000001463ff80000000000006a",
     true, "1.500000"},
    {"\"~e\", [1.5]",
     "836b00027e65",
     "836c00000001463ff80000000000006a",
     true, "1.50000e+0"},
    {"\"~g\", [1.5]",
     "836b00027e67",
     "836c00000001463ff80000000000006a",
     true, "1.50000"},
    {"\"~f\", [1]",
     "836b00027e66",
     "836b000101",
     false, ""},
    {"\"~.0f\", [1.5]",
     "836b00047e2e3066",
     "836c00000001463ff80000000000006a",
     false, ""},
    {"\"~.1e\", [1.5]",
     "836b00047e2e3165",
     "836c00000001463ff80000000000006a",
     false, ""},
    {"\"~.2f\", [0.125]",
     "836b00047e2e3266",
     "836c00000001463fc00000000000006a",
     true, "0.13"},
    {"\"~.2f\", [2.675]",
     "836b00047e2e3266",
     "836c000000014640056666666666666a",
     true, "2.67"},
    {"\"~.2f\", [0.005]",
     "836b00047e2e3266",
     "836c00000001463f747ae147ae147b6a",
     true, "0.01"},
    {"\"~.1f\", [0.05]",
     "836b00047e2e3166",
     "836c00000001463fa999999999999a6a",
     true, "0.1"},
    {"\"~.3f\", [-1.0005]",
     "836b00047e2e3366",
     "836c0000000146bff0020c49ba5e356a",
     true, "-1.000"},
    {"\"~f\", [1.0e300]",
     "836b00027e66",
     "836c00000001467e37e43c8800759c6a",
     true, "1000000000000000052500000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000.000000"},
    {"\"~e\", [1.0e300]",
     "836b00027e65",
     "836c00000001467e37e43c8800759c6a",
     true, "1.00000e+300"},
    {"\"~f\", [1.0e-10]",
     "836b00027e66",
     "836c00000001463ddb7cdfd9d7bdbb6a",
     true, "0.000000"},
    {"\"~.15f\", [0.1]",
     "836b00057e2e313566",
     "836c00000001463fb999999999999a6a",
     true, "0.100000000000000"},
    {"\"~.20f\", [0.1]",
     "836b00057e2e323066",
     "836c00000001463fb999999999999a6a",
     true, "0.10000000000000000555"},
    {"\"~e\", [0.0]",
     "836b00027e65",
     "836c000000014600000000000000006a",
     true, "0.00000e+0"},
    {"\"~f\", [0.0]",
     "836b00027e66",
     "836c000000014600000000000000006a",
     true, "0.000000"},
    {"\"~g\", [0.0]",
     "836b00027e67",
     "836c000000014600000000000000006a",
     true, "0.00000e+0"},
    {"\"~g\", [0.05]",
     "836b00027e67",
     "836c00000001463fa999999999999a6a",
     true, "5.00000e-2"},
    {"\"~g\", [0.1]",
     "836b00027e67",
     "836c00000001463fb999999999999a6a",
     true, "0.100000"},
    {"\"~g\", [123456.0]",
     "836b00027e67",
     "836c000000014640fe2400000000006a",
     true, "1.23456e+5"},
    {"\"~g\", [12345.0]",
     "836b00027e67",
     "836c000000014640c81c80000000006a",
     true, "1.23450e+4"},
    {"\"~g\", [1234567.0]",
     "836b00027e67",
     "836c00000001464132d687000000006a",
     true, "1.23457e+6"},
    {"\"~g\", [0.5]",
     "836b00027e67",
     "836c00000001463fe00000000000006a",
     true, "0.500000"},
    {"\"~.1g\", [0.5]",
     "836b00047e2e3167",
     "836c00000001463fe00000000000006a",
     true, "0.5"},
    {"\"~.1g\", [5.0]",
     "836b00047e2e3167",
     "836c000000014640140000000000006a",
     true, "5.0e+0"},
    {"\"~.2g\", [99.9]",
     "836b00047e2e3267",
     "836c00000001464058f9999999999a6a",
     true, "1.0e+2"},
    {"\"~.3g\", [99.99]",
     "836b00047e2e3367",
     "836c00000001464058ff5c28f5c28f6a",
     true, "100.0"},
    {"\"~.10g\", [123456789.0]",
     "836b00057e2e313067",
     "836c0000000146419d6f34540000006a",
     true, "1.234567890e+8"},
    {"\"~.10g\", [12345678901.0]",
     "836b00057e2e313067",
     "836c00000001464206fee0e1a800006a",
     true, "1.234567890e+10"},
    {"\"~g\", [-1.0e-5]",
     "836b00027e67",
     "836c0000000146bee4f8b588e368f16a",
     true, "-1.00000e-5"},
    {"\"~g\", [1.0e100]",
     "836b00027e67",
     "836c000000014654b249ad2594c37d6a",
     true, "1.00000e+100"},
    {"\"~e\", [9.9999999]",
     "836b00027e65",
     "836c00000001464023fffffca501ad6a",
     true, "1.00000e+1"},
    {"\"~.3e\", [-9.9999]",
     "836b00047e2e3365",
     "836c0000000146c023fff2e48e8a726a",
     true, "-1.00e+1"},
    {"\"~e\", [1.0e-300]",
     "836b00027e65",
     "836c000000014601a56e1fc2f8f3596a",
     true, "1.00000e-300"},
    {"\"~e\", [5.0e-324]",
     "836b00027e65",
     "836c000000014600000000000000016a",
     true, "4.94066e-324"},
    {"\"~e\", [1.7976931348623157e308]",
     "836b00027e65",
     "836c00000001467fefffffffffffff6a",
     true, "1.79769e+308"},
    {"\"~f\", [123456789.123456789]",
     "836b00027e66",
     "836c0000000146419d6f34547e6b756a",
     true, "123456789.123457"},
    {"\"~10.2f|\", [3.14159]",
     "836b00077e31302e32667c",
     "836c0000000146400921f9f01b866e6a",
     true, "      3.14|"},
    {"\"~-10.2f|\", [3.14159]",
     "836b00087e2d31302e32667c",
     "836c0000000146400921f9f01b866e6a",
     true, "3.14      |"},
    {"\"~3.2f|\", [3.14159]",
     "836b00067e332e32667c",
     "836c0000000146400921f9f01b866e6a",
     true, "***|"},
    {"\"~10.2.0f|\", [-3.14159]",
     "836b00097e31302e322e30667c",
     "836c0000000146c00921f9f01b866e6a",
     true, "00000-3.14|"},
    {"\"~12e|\", [-3.14159]",
     "836b00057e3132657c",
     "836c0000000146c00921f9f01b866e6a",
     true, " -3.14159e+0|"},
    {"\"~.*f\", [3, 2.0]",
     "836b00047e2e2a66",
     "836c0000000261034640000000000000006a",
     true, "2.000"},
    {"\"~f\", [-0.5]",
     "836b00027e66",
     "836c0000000146bfe00000000000006a",
     true, "-0.500000"},
    {"\"~.3e\", [0.0005]",
     "836b00047e2e3365",
     "836c00000001463f40624dd2f1a9fc6a",
     true, "5.00e-4"},
    {"\"~.2e\", [95.0]",
     "836b00047e2e3265",
     "836c00000001464057c000000000006a",
     true, "9.5e+1"},
    {"\"~.2e\", [94.9]",
     "836b00047e2e3265",
     "836c00000001464057b9999999999a6a",
     true, "9.5e+1"},
    {"\"~p ~w\", [1.0, 1.0]",
     "836b00057e70207e77",
     "836c00000002463ff0000000000000463ff00000000000006a",
     true, "1.0 1.0"},
    {"\"~p\", [0.1]",
     "836b00027e70",
     "836c00000001463fb999999999999a6a",
     true, "0.1"},
    {"\"~p\", [1.0e20]",
     "836b00027e70",
     "836c00000001464415af1d78b58c406a",
     true, "1.0e20"},
    {"\"~p\", [1.0e-7]",
     "836b00027e70",
     "836c00000001463e7ad7f29abcaf486a",
     true, "1.0e-7"},
    {"\"~p\", [123.456]",
     "836b00027e70",
     "836c0000000146405edd2f1a9fbe776a",
     true, "123.456"},
    {"\"~p\", [-3]",
     "836b00027e70",
     "836c0000000162fffffffd6a",
     true, "-3"},
    {"\"~p\", [12345678901234567890]",
     "836b00027e70",
     "836c000000016e0800d20a1feb8ca954ab6a",
     true, "12345678901234567890"},
    {"\"~p\", [-12345678901234567890]",
     "836b00027e70",
     "836c000000016e0801d20a1feb8ca954ab6a",
     true, "-12345678901234567890"},
    {"\"~w\", [list_to_pid(\"<0.42.0>\")]",
     "836b00027e77",
     "836c000000015864000d6e6f6e6f6465406e6f686f73740000002a00000000000000006a",
     true, "<0.42.0>"},
    {"\"~p\", [[list_to_pid(\"<0.42.0>\"), list_to_port(\"#Port<0.7>\")]]",
     "836b00027e70",
     "836c000000016c000000025864000d6e6f6e6f6465406e6f686f73740000002a00000000000000005964000d6e6f6e6f6465406e6f686f737400000007000000006a6a",
     true, "[<0.42.0>,#Port<0.7>]"},
    {"\"~p\", [fun lists:map/2]",
     "836b00027e70",
     "836c00000001716400056c697374736400036d617061026a",
     true, "fun lists:map/2"},
    {"\"~w\", [fun 'a b':'c d'/0]",
     "836b00027e77",
     "836c000000017164000361206264000363206461006a",
     true, "fun 'a b':'c d'/0"},
    {"\"abcdefghijklmnopqrstuvwxyz0123456789abcdefghijklmnopqrstuvwxyz ~p\", [lists:seq(1,20)]",
     "836b00416162636465666768696a6b6c6d6e6f707172737475767778797a303132333435363738396162636465666768696a6b6c6d6e6f707172737475767778797a207e70",
     "836c000000016b00140102030405060708090a0b0c0d0e0f10111213146a",
     true, "abcdefghijklmnopqrstuvwxyz0123456789abcdefghijklmnopqrstuvwxyz [1,2,3,4,5,6,7,\012                                                                8,9,10,11,12,\012                                                                13,14,15,16,\012                                                                17,18,19,20]"},
    {"\"abc~nde ~p\", [lists:seq(1,30)]",
     "836b000a6162637e6e6465207e70",
     "836c000000016b001e0102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e6a",
     true, "abc\012de [1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,\012    28,29,30]"},
    {"\"\\t~p\", [lists:seq(1,30)]",
     "836b0003097e70",
     "836c000000016b001e0102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e6a",
     true, "\011[1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,\012         27,28,29,30]"},
    {"\"abc\\t~p\", [lists:seq(1,30)]",
     "836b0006616263097e70",
     "836c000000016b001e0102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e6a",
     true, "abc\011[1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,\012         27,28,29,30]"},
    {"\"~p ~p\", [lists:seq(1,25), lists:seq(1,25)]",
     "836b00057e70207e70",
     "836c000000026b00190102030405060708090a0b0c0d0e0f101112131415161718196b00190102030405060708090a0b0c0d0e0f101112131415161718196a",
     true, "[1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25] [1,2,3,4,\012                                                                     5,6,7,8,\012                                                                     9,10,11,\012                                                                     12,13,14,\012                                                                     15,16,17,\012                                                                     18,19,20,\012                                                                     21,22,23,\012                                                                     24,25]"},
    {"\"~p~n~p\", [lists:seq(1,3), x]",
     "836b00067e707e6e7e70",
     "836c000000026b0003010203640001786a",
     true, "[1,2,3]\012x"},
    {"\"~s ~p\", [lists:duplicate(50, $x), {aaaa, [bbbbbbbbbbbbbb, cccccccccccccccccccc, dddddddddddddddddddddd]}]",
     "836b00057e73207e70",
     "836c000000026b003278787878787878787878787878787878787878787878787878787878787878787878787878787878787878787878787878786802640004616161616c0000000364000e62626262626262626262626262626400146363636363636363636363636363636363636363640016646464646464646464646464646464646464646464646a6a",
     true, "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx {aaaa,\012                                                    [bbbbbbbbbbbbbb,\012                                                     cccccccccccccccccccc,\012                                                     dddddddddddddddddddddd]}"},
    {"\"~w ~p\", [lists:seq(1,20), lists:seq(1,20)]",
     "836b00057e77207e70",
     "836c000000026b00140102030405060708090a0b0c0d0e0f10111213146b00140102030405060708090a0b0c0d0e0f10111213146a",
     true, "[1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20] [1,2,3,4,5,6,7,8,9,10,11,\012                                                      12,13,14,15,16,17,18,19,\012                                                      20]"},
    {"\"~40p\", [lists:seq(1,30)]",
     "836b00047e343070",
     "836c000000016b001e0102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e6a",
     true, "[1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,\012 16,17,18,19,20,21,22,23,24,25,26,27,\012 28,29,30]"},
    {"\"~40.10p\", [lists:seq(1,30)]",
     "836b00077e34302e313070",
     "836c000000016b001e0102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e6a",
     true, "[1,2,3,4,5,6,7,8,9,10,11,12,\012          13,14,15,16,17,18,19,20,21,\012          22,23,24,25,26,27,28,29,30]"},
    {"\"~0p\", [lists:seq(1,30)]",
     "836b00037e3070",
     "836c000000016b001e0102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e6a",
     true, "[1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30]"},
    {"\"~-40p\", [x]",
     "836b00057e2d343070",
     "836c00000001640001786a",
     false, ""},
    {"\"~P\", [lists:seq(1,100), 10]",
     "836b00027e50",
     "836c000000026b00640102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f202122232425262728292a2b2c2d2e2f303132333435363738393a3b3c3d3e3f404142434445464748494a4b4c4d4e4f505152535455565758595a5b5c5d5e5f6061626364610a6a",
     true, "[1,2,3,4,5,6,7,8,9|...]"},
    {"\"~30P\", [lists:seq(1,100), 20]",
     "836b00047e333050",
     "836c000000026b00640102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f202122232425262728292a2b2c2d2e2f303132333435363738393a3b3c3d3e3f404142434445464748494a4b4c4d4e4f505152535455565758595a5b5c5d5e5f606162636461146a",
     true, "[1,2,3,4,5,6,7,8,9,10,11,12,\012 13,14,15,16,17,18,19|...]"},
    {"\"~p\", [{a,b}]",
     "836b00027e70",
     "836c00000001680264000161640001626a",
     true, "{a,b}"},
    {"\"~lp\", [\"abc\"]",
     "836b00037e6c70",
     "836c000000016b00036162636a",
     true, "[97,98,99]"},
    {"\"~lp\", [<<\"abc\">>]",
     "836b00037e6c70",
     "836c000000016d000000036162636a",
     true, "<<97,98,99>>"},
    {"\"~lp\", [[{\"abc\"}]]",
     "836b00037e6c70",
     "836c000000016c0000000168016b00036162636a6a",
     true, "[{[97,98,99]}]"},
    {"\"~tlp\", [\"abc\"]",
     "836b00047e746c70",
     "836c000000016b00036162636a",
     true, "[97,98,99]"},
    {"\"~tp\", [<<\"\303\244\"/utf8>>]",
     "836b00037e7470",
     "836c000000016d00000002c3a46a",
     true, "<<\"\303\244\"/utf8>>"},
    {"\"~tp\", [\"\303\244\"]",
     "836b00037e7470",
     "836c000000016b0001e46a",
     true, "\"\303\244\""},
    {"\"~tp\", [[1000]]",
     "836b00037e7470",
     "836c000000016c0000000162000003e86a6a",
     true, "[1000]"},
    {"\"~tp\", ['\321\204']",
     "836b00037e7470",
     "836c000000017702d1846a",
     true, "'\321\204'"},
    {"\"~p\", ['\321\204']",
     "836b00027e70",
     "836c000000017702d1846a",
     true, "'\\x{444}'"},
    {"\"~tw\", ['\321\204']",
     "836b00037e7477",
     "836c000000017702d1846a",
     true, "'\321\204'"},
    {"\"~w\", ['\321\204']",
     "836b00027e77",
     "836c000000017702d1846a",
     true, "'\\x{444}'"},
    {"\"~tp\", [<<\"\321\204\321\213\320\262\"/utf8>>]",
     "836b00037e7470",
     "836c000000016d00000006d184d18bd0b26a",
     true, "<<209,132,209,139,208,178>>"},
    {"\"~p\", [<<\"\321\204\321\213\320\262\"/utf8>>]",
     "836b00027e70",
     "836c000000016d00000006d184d18bd0b26a",
     true, "<<209,132,209,139,208,178>>"},
    {"\"~tp\", [<<\"abc\">>]",
     "836b00037e7470",
     "836c000000016d000000036162636a",
     true, "<<\"abc\">>"},
    {"\"~tp\", [<<228>>]",
     "836b00037e7470",
     "836c000000016d00000001e46a",
     true, "<<\"\303\244\">>"},
    {"\"~tp\", [{'\321\204', \"\321\204\", <<\"\321\204\"/utf8>>, <<\"\303\251\"/utf8>>}]",
     "836b00037e7470",
     "836c0000000168047702d1846c0000000162000004446a6d00000002d1846d00000002c3a96a",
     true, "{'\321\204',[1092],<<209,132>>,<<\"\303\251\"/utf8>>}"},
// GENERATED END
};
// clang-format on

Term decode_hex(VM& vm, Process& p, const char* hex) {
  std::vector<std::uint8_t> bytes;
  for (const char* c = hex; c[0] && c[1]; c += 2) bytes.push_back(static_cast<std::uint8_t>(std::stoi(std::string(c, 2), nullptr, 16)));
  ProcessAllocator alloc(p);
  return etf_decode(bytes, alloc, vm);
}

TEST(Format, RecordedOtpCases) {
  VM vm;
  Process p(vm, 1);
  int failures = 0;
  for (const Case& c : kCases) {
    Term fmt = decode_hex(vm, p, c.format_etf);
    Term args = decode_hex(vm, p, c.args_etf);
    ASSERT_TRUE(fmt.is_value()) << c.source;
    ASSERT_TRUE(args.is_value()) << c.source;
    std::u32string out;
    std::string error;
    bool ok = format_to_chars(p, fmt, args, out, &error);
    if (ok != c.ok || (ok && to_utf8(out) != c.expected)) {
      ++failures;
      ADD_FAILURE() << "case: " << c.source << "\n  ok: " << ok << " (OTP " << c.ok << ") " << error
                    << "\n  got:\n" << to_utf8(out) << "\n  expected:\n" << c.expected;
    }
  }
  EXPECT_EQ(failures, 0) << "of " << std::size(kCases) << " cases";
}

Term str(Process& p, std::string_view s) { return make_string(p, s); }

TEST(Format, FloatHelpers) {
  EXPECT_EQ(format_float_f(1.5, 2), "1.50");
  EXPECT_EQ(format_float_f(0.125, 2), "0.13");  // OTP rounds the decimal digits half-up
  EXPECT_EQ(format_float_e(9.9999999, 6), "1.00000e+1");
  EXPECT_EQ(format_float_g(0.5, 1), "0.5");
  EXPECT_EQ(format_float_g(5.0, 1), "5.0e+0");
}

TEST(Format, ChardataToUtf8) {
  VM vm;
  Process p(vm, 1);
  std::string out;
  Term data = make_list(p, std::vector<Term>{str(p, "ab"), make_binary(p, "\xD1\x84"), Term::small(0x444)});
  ASSERT_TRUE(chardata_to_utf8(data, out));
  EXPECT_EQ(out, "ab\xD1\x84\xD1\x84");
  out.clear();
  EXPECT_FALSE(chardata_to_utf8(make_binary(p, "\xFF"), out));
  EXPECT_FALSE(chardata_to_utf8(make_list(p, std::vector<Term>{atoms::ok}), out));
  EXPECT_FALSE(chardata_to_utf8(Term::small(1), out));
  out.clear();
  EXPECT_TRUE(chardata_to_utf8(kNil, out));
  EXPECT_EQ(out, "");
}

TEST(Format, ErrorMessageOnBadArgs) {
  VM vm;
  Process p(vm, 1);
  std::u32string out;
  std::string error;
  EXPECT_FALSE(format_to_chars(p, str(p, "~p"), kNil, out, &error));
  EXPECT_FALSE(error.empty());
  EXPECT_FALSE(format_to_chars(p, Term::small(1), kNil, out, nullptr));
  EXPECT_FALSE(format_to_chars(p, str(p, "x"), Term::small(1), out, nullptr));
}

std::span<const BifSpec> find_table() { return bifs_io(); }

BifFn find_bif(std::string_view module, std::string_view name, unsigned arity) {
  for (const BifSpec& b : find_table())
    if (b.module == module && b.name == name && b.arity == arity) return b.fn;
  return nullptr;
}

struct Captured {
  std::string out, err;
  VMOptions options() {
    VMOptions o;
    o.write_stdout = [this](std::string_view s) { out += s; };
    o.write_stderr = [this](std::string_view s) { err += s; };
    return o;
  }
};

// As OTP 25: io_lib:format("~p-~s~5.1f", [ok, "x", 1.0]) is
// ["ok",45,"x",32,32,49,46,48]: a term directive's text is one element,
// literal characters and numeric directives are spliced in.
TEST(FormatBifs, IoLibFormatReturnsOtpDeepList) {
  VM vm;
  Process p(vm, 1);
  BifFn fn = find_bif("io_lib", "format", 2);
  ASSERT_NE(fn, nullptr);
  Term args[2] = {str(p, "~p-~s~5.1f"), make_list(p, std::vector<Term>{atoms::ok, str(p, "x"), make_float(p, 1.0)})};
  Term r = fn(p, args);
  std::vector<Term> items;
  for (Term l = r; l.is_list(); l = l.tail()) items.push_back(l.head());
  ASSERT_EQ(items.size(), 8u);
  std::string text;
  ASSERT_TRUE(string_from_chars(items[0], text));
  EXPECT_EQ(text, "ok");
  EXPECT_EQ(items[1], Term::small('-'));
  text.clear();
  ASSERT_TRUE(string_from_chars(items[2], text));
  EXPECT_EQ(text, "x");
  std::string rest;
  for (std::size_t i = 3; i < items.size(); ++i) rest.push_back(static_cast<char>(items[i].small_value()));
  EXPECT_EQ(rest, "  1.0");
  Term bad[2] = {str(p, "~p"), kNil};
  EXPECT_TRUE(fn(p, bad).is_non_value());
  EXPECT_EQ(p.error_reason(), atoms::badarg);
}

TEST(FormatBifs, IoFormatWritesUtf8ToDevices) {
  Captured cap;
  VM vm(cap.options());
  Process p(vm, 1);
  Term a2[2] = {str(p, "~ts ~p~n"), make_list(p, std::vector<Term>{str(p, "\xD1\x84"), Term::small(1)})};
  EXPECT_EQ(find_bif("io", "format", 2)(p, a2), atoms::ok);
  EXPECT_EQ(cap.out, "\xD1\x84 1\n");
  Term a3[3] = {atoms::standard_error, str(p, "e~w"), make_list(p, std::vector<Term>{atoms::ok})};
  EXPECT_EQ(find_bif("io", "fwrite", 3)(p, a3), atoms::ok);
  EXPECT_EQ(cap.err, "eok");
  Term bad_dev[3] = {atoms::ok, str(p, "x"), kNil};
  EXPECT_TRUE(find_bif("io", "format", 3)(p, bad_dev).is_non_value());
  Term a1[1] = {str(p, "plain~n")};
  EXPECT_EQ(find_bif("io", "format", 1)(p, a1), atoms::ok);
  EXPECT_EQ(cap.out, "\xD1\x84 1\nplain\n");
}

TEST(FormatBifs, PutCharsNlDisplay) {
  Captured cap;
  VM vm(cap.options());
  Process p(vm, 1);
  Term pc[1] = {make_list(p, std::vector<Term>{str(p, "a"), make_binary(p, "b\xC3\xA9")})};
  EXPECT_EQ(find_bif("io", "put_chars", 1)(p, pc), atoms::ok);
  Term gpc[2] = {atoms::user, str(p, "c")};
  EXPECT_EQ(find_bif("girder", "put_chars", 2)(p, gpc), atoms::ok);
  EXPECT_EQ(find_bif("io", "nl", 0)(p, nullptr), atoms::ok);
  EXPECT_EQ(cap.out, "ab\xC3\xA9" "c\n");
  Term badpc[1] = {make_list(p, std::vector<Term>{atoms::ok})};
  EXPECT_TRUE(find_bif("io", "put_chars", 1)(p, badpc).is_non_value());
  cap.out.clear();
  // Recorded from OTP 25: erlang:display([1.5,"abc",<<"abc">>,'A b',{1,<<1:3>>},-3,#{a=>1}]).
  unsigned char* data;
  Term bits = make_binary_uninit(p, 1, &data);
  data[0] = 0x20;
  Word* sub = p.alloc(kSubBinWords);
  sub[0] = make_header(BoxKind::SubBin, kSubBinWords - 1);
  sub[1] = 3;
  sub[2] = 0;
  sub[3] = bits.raw();
  Term map = map_from_pairs(p, std::vector<Term>{vm.atoms().intern("a")}, std::vector<Term>{Term::small(1)});
  Term d[1] = {make_list(p, std::vector<Term>{
      make_float(p, 1.5), str(p, "abc"), make_binary(p, "abc"), vm.atoms().intern("A b"),
      girder::vm::make_tuple(p, {Term::small(1), Term::boxed(sub)}), Term::small(-3), map})};
  EXPECT_EQ(find_bif("erlang", "display", 1)(p, d), kTrue);
  EXPECT_EQ(cap.out, "[1.500000e+00,\"abc\",<<\"abc\">>,'A b',{1,<<1:3>>},-3,#{a=>1}]\r\n");
}

TEST(FormatBifs, IoLibWriteAndPrint) {
  VM vm;
  Process p(vm, 1);
  Term t = girder::vm::make_tuple(p, {atoms::ok, str(p, "b")});
  Term a1[1] = {t};
  std::string text;
  ASSERT_TRUE(string_from_chars(find_bif("io_lib", "write", 1)(p, a1), text));
  EXPECT_EQ(text, "{ok,[98]}");
  text.clear();
  ASSERT_TRUE(string_from_chars(find_bif("io_lib", "print", 1)(p, a1), text));
  EXPECT_EQ(text, "{ok,\"b\"}");
  Term a2[2] = {make_list(p, std::vector<Term>{Term::small(1), Term::small(2), Term::small(3)}), Term::small(2)};
  text.clear();
  ASSERT_TRUE(string_from_chars(find_bif("io_lib", "write", 2)(p, a2), text));
  EXPECT_EQ(text, "[1|...]");
}

}  // namespace
}  // namespace girder::vm

// The recorder (escript module; run `fmtgen:main(["cases.txt", "rows.inc"])`
// under erl -noshell with OTP 25, then paste rows.inc between the markers).
// A cases.txt line is `Format, Args`, or `* Expr` where Expr evaluates to a
// list of {Format, Args}; lines starting with % are comments.
#if 0
-module(fmtgen).
-export([main/1]).
%% Reads a case file; writes C++ table rows.
%% Line forms:  Fmt, Args            one case
%%              * Expr               Expr evaluates to a list of {Fmt, Args}
%%              % comment / blank    skipped
main([In, Out]) ->
    {ok, Bin} = file:read_file(In),
    Lines = string:split(unicode:characters_to_list(Bin), "\n", all),
    Rows = lists:flatmap(fun line/1, Lines),
    ok = file:write_file(Out, unicode:characters_to_binary(Rows)),
    io:format("~p rows~n", [length(Rows)]),
    halt().

line("") -> [];
line("%" ++ _) -> [];
line("*" ++ Expr) -> [row(F, A, undefined) || {F, A} <- eval(Expr)];
line(L) -> {F, A} = eval("{" ++ L ++ "}"), [row(F, A, L)].

eval(S) ->
    {ok, Toks, _} = erl_scan:string(S ++ "."),
    {ok, [E]} = erl_parse:parse_exprs(Toks),
    {value, V, _} = erl_eval:expr(E, []),
    V.

row(F, A, Src0) ->
    Src = case Src0 of undefined -> lists:flatten(io_lib:format("~0p, ~0p", [F, A])); _ -> Src0 end,
    Src1 = case length(Src) > 110 of true -> lists:sublist(Src, 107) ++ "..."; false -> Src end,
    {Ok, Exp} = case catch io_lib:format(F, A) of
                    {'EXIT', {badarg, _}} -> {"false", ""};
                    R -> {"true", lists:flatten(R)}
                end,
    ["    {", cstr(Src1), ",\n     \"", hex(F), "\",\n     \"", hex(A), "\",\n     ", Ok, ", ",
     cstr(Exp), "},\n"].

hex(T) -> [io_lib:format("~2.16.0b", [B]) || <<B>> <= term_to_binary(T)].

cstr(S) ->
    Bytes = binary_to_list(unicode:characters_to_binary(S)),
    ["\"", [esc(B) || B <- Bytes], "\""].
esc($") -> "\\\"";
esc($\\) -> "\\\\";
esc($?) -> "\\?";
esc(B) when B >= 32, B =< 126 -> B;
esc(B) -> io_lib:format("\\~3.8.0b", [B]).
#endif
