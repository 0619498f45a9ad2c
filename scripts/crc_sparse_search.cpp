// scripts/crc_sparse_search.cpp — finds the sparse multiples of the CRC polynomials that
// core/src/crc/crc_sparse.hpp reduces by (a one-off search; its results are constants there,
// each checked at compile time, so this program is not part of the build).
//
//   g++ -O2 -std=c++17 -o /tmp/crc_sparse_search scripts/crc_sparse_search.cpp
//   /tmp/crc_sparse_search 32 04C11DB7 1500 256 5     # crc32: weight 5, d=515 (< 1 s)
//   /tmp/crc_sparse_search 32 1EDC6F41 6000 256 4     # crc32c: weight 4, d=5275 (4 s)
//   /tmp/crc_sparse_search 64 42F0E1EBA9EA3693 4600 256 8   # crc64: weight 8, d=3512 (~1 min, 2 GB)
//   /tmp/crc_sparse_search 64 AD93D23594C93659 4600 256 8   # crc64nvme: weight 8, d=2993
// Second stages (low degree, more terms):
//   /tmp/crc_sparse_search 32 1EDC6F41 700 128 6      # crc32c: weight 6, d=290
//   /tmp/crc_sparse_search 64 42F0E1EBA9EA3693 420 32 12    # crc64: weight 12, d=397 (~1 min)
//   /tmp/crc_sparse_search 64 AD93D23594C93659 420 32 12    # crc64nvme: weight 12, d=350
//
// Arguments: width, polynomial (normal form, without x^width), largest exponent D to try (in
// bytes), minimum gap g between the two highest exponents (the kernel's smallest offset), weight
// (4, 5, 6, 8 or 12).
// Exponents are multiples of 8 bits: Q(x) = sum x^(8 e_i). With r_k = x^(8k) mod P, Q is a
// multiple of P exactly when the xor of r_e over its exponents is 0. Weights 4, 5 and 6 (32-bit
// CRCs) are found by a birthday collision between pairs (and pairs against triples), smallest
// degree first. Weights 8 and 12 (64-bit CRCs) by a two-level join (Wagner's generalised
// birthday) of pairs or triples: those that agree on their low 22 bits give quadruples
// (sextuples) whose xor has those bits clear, and two of those with the same xor give 8 (12)
// exponents summing to 0. A polynomial whose CRC polynomial has the
// factor x+1 (an even number of terms: crc32c, crc64) only has even-weight multiples.
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <unordered_map>
#include <vector>
using u64 = uint64_t;
static u64 mulx8(u64 v, unsigned W, u64 poly) {
  for (int i = 0; i < 8; ++i) {
    bool c = (v >> (W - 1)) & 1;
    v <<= 1; if (W < 64) v &= (1ull << W) - 1;
    if (c) v ^= poly;
  }
  return v;
}
int main(int argc, char** argv) {
  unsigned W = atoi(argv[1]); u64 poly = strtoull(argv[2], 0, 16); int D = atoi(argv[3]);
  int gmin = atoi(argv[4]); int weight = atoi(argv[5]);
  std::vector<u64> r(D + 1); r[0] = 1;
  for (int k = 1; k <= D; ++k) r[k] = mulx8(r[k - 1], W, poly);
  if (weight == 4) {  // 1 + r_a + r_b + r_c = 0, c - b >= gmin
    std::unordered_multimap<u64, std::pair<int,int>> m; m.reserve(size_t(D) * D / 2);
    int nb = 1;  // pairs with b < nb inserted
    for (int c = 2; c <= D; ++c) {
      while (nb <= c - gmin) { for (int a = 1; a < nb; ++a) m.emplace(r[a] ^ r[nb], std::make_pair(a, nb)); ++nb; }
      auto rg = m.equal_range(r[c] ^ 1);
      for (auto it = rg.first; it != rg.second; ++it) { printf("w4 d=%d: 0 %d %d %d\n", c, it->second.first, it->second.second, c); return 0; }
    }
    puts("none"); return 1;
  }
  if (weight == 5) {  // 1 + r_a + r_b + r_c + r_d = 0, all distinct, max(a,b,c) <= d - gmin
    std::unordered_multimap<u64, std::pair<int,int>> m; m.reserve(size_t(D) * D / 2);
    int nb = 1;
    for (int d = 2; d <= D; ++d) {
      while (nb <= d - gmin) { for (int a = 1; a < nb; ++a) m.emplace(r[a] ^ r[nb], std::make_pair(a, nb)); ++nb; }
      for (int c = 1; c <= d - gmin; ++c) {
        auto rg = m.equal_range(r[c] ^ r[d] ^ 1);
        for (auto it = rg.first; it != rg.second; ++it) {
          int a = it->second.first, b = it->second.second;
          if (a == c || b == c) continue;
          printf("w5 d=%d: 0 %d %d %d %d\n", d, a, b, c, d); return 0;
        }
      }
    }
    puts("none"); return 1;
  }
  if (weight == 6) {  // 1 + r_a + r_b + r_c + r_e + r_d = 0, all distinct, max(a,b,c,e) <= d - gmin
    std::unordered_multimap<u64, std::pair<int,int>> m; m.reserve(size_t(D) * D / 2);
    int nb = 1;
    for (int d = 2; d <= D; ++d) {
      while (nb <= d - gmin) { for (int a = 1; a < nb; ++a) m.emplace(r[a] ^ r[nb], std::make_pair(a, nb)); ++nb; }
      for (int e = 2; e <= d - gmin; ++e)
        for (int c = 1; c < e; ++c) {
          auto rg = m.equal_range(r[c] ^ r[e] ^ r[d] ^ 1);
          for (auto it = rg.first; it != rg.second; ++it) {
            int a = it->second.first, b = it->second.second;
            if (a == c || a == e || b == c || b == e) continue;
            printf("w6 d=%d: 0 %d %d %d %d %d\n", d, a, b, c, e, d); return 0;
          }
        }
    }
    puts("none"); return 1;
  }
  if (weight == 12) {  // 12 distinct exponents in [0,D] (any shift) whose residues xor to 0:
    // Wagner's 4-list join on triples: triples agreeing on the low 22 bits, then two sextuples
    // with equal xor.
    struct T { u64 v; uint16_t i[3]; };
    std::vector<T> tr;
    for (int a = 0; a <= D; ++a) for (int b = a + 1; b <= D; ++b) for (int c = b + 1; c <= D; ++c)
      tr.push_back({r[a] ^ r[b] ^ r[c], {(uint16_t)a, (uint16_t)b, (uint16_t)c}});
    const u64 mask = 0x3FFFFFull;
    std::sort(tr.begin(), tr.end(), [&](const T& x, const T& y) { return (x.v & mask) < (y.v & mask); });
    struct S { u64 v; uint16_t i[6]; };
    std::vector<S> sx;
    for (size_t s0 = 0; s0 < tr.size();) {
      size_t e = s0; while (e < tr.size() && (tr[e].v & mask) == (tr[s0].v & mask)) ++e;
      for (size_t i = s0; i < e; ++i) for (size_t j = i + 1; j < e; ++j) {
        const T& x = tr[i]; const T& y = tr[j];
        bool clash = false;
        for (int u = 0; u < 3; ++u) for (int w = 0; w < 3; ++w) clash |= x.i[u] == y.i[w];
        if (!clash) sx.push_back({x.v ^ y.v, {x.i[0], x.i[1], x.i[2], y.i[0], y.i[1], y.i[2]}});
      }
      s0 = e;
    }
    fprintf(stderr, "triples %zu sextuples %zu\n", tr.size(), sx.size());
    std::sort(sx.begin(), sx.end(), [](const S& x, const S& y) { return x.v < y.v; });
    int best = 1 << 30;
    for (size_t i = 0; i + 1 < sx.size(); ++i)
      for (size_t j = i + 1; j < sx.size() && sx[j].v == sx[i].v; ++j) {
        std::vector<int> idx(sx[i].i, sx[i].i + 6);
        idx.insert(idx.end(), sx[j].i, sx[j].i + 6);
        std::sort(idx.begin(), idx.end());
        if (std::adjacent_find(idx.begin(), idx.end()) != idx.end()) continue;
        if (idx[11] - idx[10] < gmin) continue;
        int dd = idx[11] - idx[0];
        if (dd < best) {
          printf("w12 d=%d:", dd); for (int k : idx) printf(" %d", k - idx[0]); printf("\n"); fflush(stdout);
          if (dd < best) best = dd;
        }
      }
    return 0;
  }
  // weight 8: 8 distinct exponents in [0,D] (any shift) whose residues xor to 0.
  struct P { u64 v; uint16_t a, b; };
  std::vector<P> pairs; pairs.reserve(size_t(D) * D / 2);
  for (int a = 0; a <= D; ++a) for (int b = a + 1; b <= D; ++b) pairs.push_back({r[a] ^ r[b], (uint16_t)a, (uint16_t)b});
  const u64 mask = 0x3FFFFFull;  // bits 0..21
  std::sort(pairs.begin(), pairs.end(), [&](const P& x, const P& y) { return (x.v & mask) < (y.v & mask); });
  struct C { u64 v; uint16_t i[4]; };
  std::vector<C> combos;
  for (size_t s = 0; s < pairs.size();) {
    size_t e = s; while (e < pairs.size() && (pairs[e].v & mask) == (pairs[s].v & mask)) ++e;
    for (size_t i = s; i < e; ++i) for (size_t j = i + 1; j < e; ++j) {
      const P& x = pairs[i]; const P& y = pairs[j];
      if (x.a == y.a || x.a == y.b || x.b == y.a || x.b == y.b) continue;
      combos.push_back({x.v ^ y.v, {x.a, x.b, y.a, y.b}});
    }
    s = e;
  }
  fprintf(stderr, "pairs %zu combos %zu\n", pairs.size(), combos.size());
  std::unordered_multimap<u64, size_t> h; h.reserve(combos.size());
  for (size_t i = 0; i < combos.size(); ++i) h.emplace(combos[i].v, i);
  int best = 1 << 30;
  for (size_t i = 0; i < combos.size(); ++i) {
    auto rg = h.equal_range(combos[i].v);
    for (auto it = rg.first; it != rg.second; ++it) {
      const C& x = combos[i]; const C& y = combos[it->second];
      std::vector<int> idx = {x.i[0], x.i[1], x.i[2], x.i[3], y.i[0], y.i[1], y.i[2], y.i[3]};
      std::sort(idx.begin(), idx.end());
      if (std::adjacent_find(idx.begin(), idx.end()) != idx.end()) continue;
      if (idx[7] - idx[6] < gmin) continue;
      int dd = idx[7] - idx[0];
      if (dd < best) {
        printf("w8 d=%d:", dd); for (int k : idx) printf(" %d", k - idx[0]); printf("\n"); fflush(stdout);
        if (dd < best) best = dd;
      }
    }
  }
  return 0;
}
