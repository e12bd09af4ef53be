namespace ShopPipeline.Detection.Synthetic;

// xoshiro256** (Blackman & Vigna, prng.di.unimi.it) seeded through SplitMix64, with the samplers the generator
// needs. Own code rather than System.Random so the stream is fixed by this file alone, whatever the runtime does.
internal sealed class SyntheticRandom
{
    private ulong _s0;
    private ulong _s1;
    private ulong _s2;
    private ulong _s3;
    private double _spareNormal = double.NaN;

    // Independent streams of one seed (structure, plan, noise) so a change in one stage leaves the others alone.
    public SyntheticRandom(int seed, int stream)
    {
        var x = unchecked(((ulong)(uint)seed * 0x9E3779B97F4A7C15UL) ^ ((ulong)(uint)stream << 32) ^ 0xD1B54A32D192ED03UL);
        _s0 = SplitMix(ref x);
        _s1 = SplitMix(ref x);
        _s2 = SplitMix(ref x);
        _s3 = SplitMix(ref x);
    }

    public ulong NextUInt64()
    {
        var result = unchecked(BitRotate(_s1 * 5, 7) * 9);
        var t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = BitRotate(_s3, 45);
        return result;
    }

    // Uniform in [0, 1) with 53 random bits.
    public double Uniform() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    public double Uniform(double low, double high) => low + ((high - low) * Uniform());

    // Uniform integer in [low, high] inclusive.
    public int Int(int low, int high) => low + (int)(Uniform() * (high - low + 1));

    public double LogUniform(double low, double high) => Math.Exp(Uniform(Math.Log(low), Math.Log(high)));

    public bool Chance(double p) => Uniform() < p;

    // Standard normal by the Marsaglia polar method, keeping the second value of each pair.
    public double Normal()
    {
        if (!double.IsNaN(_spareNormal))
        {
            var spare = _spareNormal;
            _spareNormal = double.NaN;
            return spare;
        }

        double u, v, s;
        do
        {
            u = (2 * Uniform()) - 1;
            v = (2 * Uniform()) - 1;
            s = (u * u) + (v * v);
        }
        while (s >= 1 || s == 0);

        var f = Math.Sqrt(-2 * Math.Log(s) / s);
        _spareNormal = v * f;
        return u * f;
    }

    // Lognormal with the given median and log-scale sigma.
    public double LogNormal(double median, double sigma) => median * Math.Exp(sigma * Normal());

    // A multiplicative noise factor with mean exactly 1 (so expectations are unchanged).
    public double MeanOneLogNormal(double sigma) => Math.Exp((sigma * Normal()) - (sigma * sigma / 2));

    // Gamma(shape, 1) by Marsaglia & Tsang (2000), boosted for shape < 1.
    public double Gamma(double shape)
    {
        if (shape < 1)
        {
            return Gamma(shape + 1) * Math.Pow(Uniform() + double.Epsilon, 1 / shape);
        }

        var d = shape - (1.0 / 3);
        var c = 1 / Math.Sqrt(9 * d);
        while (true)
        {
            double x, v;
            do
            {
                x = Normal();
                v = 1 + (c * x);
            }
            while (v <= 0);

            v = v * v * v;
            var u = Uniform();
            if (u < 1 - (0.0331 * x * x * x * x) || Math.Log(u) < (0.5 * x * x) + (d * (1 - v + Math.Log(v))))
            {
                return d * v;
            }
        }
    }

    public double[] Dirichlet(IReadOnlyList<double> alpha)
    {
        var draws = new double[alpha.Count];
        var sum = 0.0;
        for (var i = 0; i < draws.Length; i++)
        {
            draws[i] = Gamma(alpha[i]);
            sum += draws[i];
        }

        for (var i = 0; i < draws.Length; i++)
        {
            draws[i] /= sum;
        }

        return draws;
    }

    // Poisson by inversion for small means and by Hörmann's PTRS (transformed rejection, 1993) otherwise.
    public long Poisson(double mean)
    {
        if (mean <= 0)
        {
            return 0;
        }

        if (mean < 10)
        {
            var p = Math.Exp(-mean);
            var cumulative = p;
            var u = Uniform();
            long k = 0;
            while (u > cumulative && k < 1000)
            {
                k++;
                p *= mean / k;
                cumulative += p;
            }

            return k;
        }

        var logMean = Math.Log(mean);
        var b = 0.931 + (2.53 * Math.Sqrt(mean));
        var a = -0.059 + (0.02483 * b);
        var invAlpha = 1.1239 + (1.1328 / (b - 3.4));
        var vr = 0.9277 - (3.6224 / (b - 2));
        while (true)
        {
            var u = Uniform() - 0.5;
            var v = Uniform();
            var us = 0.5 - Math.Abs(u);
            var k = Math.Floor((((2 * a / us) + b) * u) + mean + 0.43);
            if (us >= 0.07 && v <= vr)
            {
                return (long)k;
            }

            if (k < 0 || (us < 0.013 && v > us))
            {
                continue;
            }

            if (Math.Log(v) + Math.Log(invAlpha) - Math.Log((a / (us * us)) + b) <= -mean + (k * logMean) - LogFactorial(k))
            {
                return (long)k;
            }
        }
    }

    // Negative binomial with the given mean and size as a Poisson–Gamma mixture (variance mean + mean²/size).
    public long NegativeBinomial(double mean, double size) => mean <= 0 ? 0 : Poisson(Gamma(size) * mean / size);

    // Binomial by inversion while n·min(p, 1−p) < 30, else the normal approximation with continuity correction.
    public long Binomial(long n, double p)
    {
        if (n <= 0 || p <= 0)
        {
            return 0;
        }

        if (p >= 1)
        {
            return n;
        }

        if (p > 0.5)
        {
            return n - Binomial(n, 1 - p);
        }

        if (n * p < 30)
        {
            var q = 1 - p;
            var s = p / q;
            var a = (n + 1) * s;
            var r = Math.Pow(q, n);
            var u = Uniform();
            long x = 0;
            while (u > r && x < n)
            {
                u -= r;
                x++;
                r *= (a / x) - s;
                if (r <= 0)
                {
                    break;
                }
            }

            return x;
        }

        var draw = Math.Floor((n * p) + (Math.Sqrt(n * p * (1 - p)) * Normal()) + 0.5);
        return (long)Math.Clamp(draw, 0, n);
    }

    // Splits n over the weights (which need not sum to 1) by conditional binomials, so the parts sum to n exactly.
    public void Multinomial(long n, ReadOnlySpan<double> weights, Span<long> parts)
    {
        var remainingWeight = 0.0;
        foreach (var w in weights)
        {
            remainingWeight += w;
        }

        var remaining = n;
        var last = weights.Length - 1;
        while (last >= 0 && weights[last] <= 0)
        {
            parts[last] = 0;
            last--;
        }

        for (var i = 0; i <= last; i++)
        {
            if (i == last || remaining == 0)
            {
                parts[i] = i == last ? remaining : 0;
                remaining -= parts[i];
                continue;
            }

            var p = remainingWeight > 0 ? weights[i] / remainingWeight : 0;
            parts[i] = Binomial(remaining, Math.Min(1, p));
            remaining -= parts[i];
            remainingWeight -= weights[i];
        }
    }

    // Shuffles in place (Fisher–Yates).
    public void Shuffle<T>(T[] items)
    {
        for (var i = items.Length - 1; i > 0; i--)
        {
            var j = Int(0, i);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }

    // Index drawn with probability proportional to the weights.
    public int Pick(IReadOnlyList<double> weights)
    {
        var total = weights.Sum();
        var u = Uniform() * total;
        for (var i = 0; i < weights.Count; i++)
        {
            u -= weights[i];
            if (u < 0)
            {
                return i;
            }
        }

        return weights.Count - 1;
    }

    // Zipf weights rank^−exponent for ranks 1..count, normalised to sum 1.
    public static double[] Zipf(int count, double exponent)
    {
        var weights = new double[count];
        for (var i = 0; i < count; i++)
        {
            weights[i] = Math.Pow(i + 1, -exponent);
        }

        var sum = weights.Sum();
        for (var i = 0; i < count; i++)
        {
            weights[i] /= sum;
        }

        return weights;
    }

    private static double LogFactorial(double k)
    {
        if (k < 2)
        {
            return 0;
        }

        // Stirling series; exact enough for k ≥ 2 at double precision after three terms.
        return ((k + 0.5) * Math.Log(k)) - k + (0.5 * Math.Log(2 * Math.PI)) + (1 / (12 * k)) - (1 / (360 * k * k * k));
    }

    private static ulong SplitMix(ref ulong x)
    {
        x = unchecked(x + 0x9E3779B97F4A7C15UL);
        var z = x;
        z = unchecked((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL);
        z = unchecked((z ^ (z >> 27)) * 0x94D049BB133111EBUL);
        return z ^ (z >> 31);
    }

    private static ulong BitRotate(ulong x, int k) => (x << k) | (x >> (64 - k));
}
