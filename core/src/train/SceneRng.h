#pragma once
// The random source of the synthetic data: SplitMix64, written out so that a seed gives the same
// scenes and captions with every compiler and standard library (std::uniform_*_distribution are
// implementation-defined).

#include <cstddef>
#include <cstdint>
#include <utility>

namespace muse {

class SceneRng {
public:
    explicit SceneRng(uint64_t seed) : m_state(seed) {}
    // Independent streams for (seed, index) pairs, e.g. one per training example.
    SceneRng(uint64_t seed, uint64_t stream) : m_state(mix(seed ^ mix(stream + 0x632BE59BD9B4E019ull))) {}

    uint64_t nextU64()
    {
        uint64_t z = (m_state += 0x9E3779B97F4A7C15ull);
        return mix(z);
    }
    // Uniform in [0, 1) with 53 bits.
    double uniform() { return double(nextU64() >> 11) * (1.0 / 9007199254740992.0); }
    double uniform(double lo, double hi) { return lo + (hi - lo) * uniform(); }
    // Uniform in [0, n); n > 0. The modulo bias is below 2^-40 for the small n used here.
    int index(int n) { return int(nextU64() % uint64_t(n)); }
    // Uniform integer in [lo, hi].
    int range(int lo, int hi) { return lo + index(hi - lo + 1); }
    bool chance(double p) { return uniform() < p; }
    // An index drawn with the given (not necessarily normalised) weights.
    template <std::size_t N>
    int weighted(const double (&weights)[N])
    {
        double total = 0;
        for (double w : weights)
            total += w;
        double u = uniform() * total;
        for (std::size_t i = 0; i < N; ++i) {
            if (u < weights[i])
                return int(i);
            u -= weights[i];
        }
        return int(N - 1);
    }
    template <typename T>
    void shuffle(T& items)
    {
        for (std::size_t i = items.size(); i > 1; --i)
            std::swap(items[i - 1], items[std::size_t(index(int(i)))]);
    }

private:
    static uint64_t mix(uint64_t z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
        return z ^ (z >> 31);
    }
    uint64_t m_state;
};

} // namespace muse
