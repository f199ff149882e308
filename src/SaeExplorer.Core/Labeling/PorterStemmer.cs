namespace SaeExplorer.Core.Labeling;

/// <summary>
/// Porter's 1980 suffix-stripping stemmer ("An algorithm for suffix stripping"), the rules SQLite's porter tokenizer
/// applies to the caption search, so a label and a caption search agree on what counts as the same word. Input is a
/// lower-case word; words of one or two letters, and words with anything but a-z, are returned unchanged.
/// </summary>
public static class PorterStemmer
{
    public static string Stem(string word)
    {
        ArgumentNullException.ThrowIfNull(word);
        if (word.Length <= 2 || word.Any(c => c is < 'a' or > 'z')) return word;
        var w = new Word(word);
        w.Step1A();
        w.Step1B();
        w.Step1C();
        w.ReplaceSuffix(Step2Rules, minimumMeasure: 0);
        w.ReplaceSuffix(Step3Rules, minimumMeasure: 0);
        w.Step4();
        w.Step5();
        return w.ToString();
    }

    private static readonly (string Suffix, string Replacement)[] Step2Rules =
    [
        ("ational", "ate"), ("tional", "tion"), ("enci", "ence"), ("anci", "ance"), ("izer", "ize"), ("abli", "able"),
        ("alli", "al"), ("entli", "ent"), ("eli", "e"), ("ousli", "ous"), ("ization", "ize"), ("ation", "ate"),
        ("ator", "ate"), ("alism", "al"), ("iveness", "ive"), ("fulness", "ful"), ("ousness", "ous"), ("aliti", "al"),
        ("iviti", "ive"), ("biliti", "ble"),
    ];

    private static readonly (string Suffix, string Replacement)[] Step3Rules =
    [
        ("icate", "ic"), ("ative", ""), ("alize", "al"), ("iciti", "ic"), ("ical", "ic"), ("ful", ""), ("ness", ""),
    ];

    private static readonly string[] Step4Suffixes =
    [
        "al", "ance", "ence", "er", "ic", "able", "ible", "ant", "ement", "ment", "ent", "ion", "ou", "ism", "ate", "iti",
        "ous", "ive", "ize",
    ];

    /// <summary>The word being stemmed; the rules' conditions (m, *v*, *d, *o) are about its stem before a suffix.</summary>
    private sealed class Word(string text)
    {
        private char[] _c = text.ToCharArray();
        private int _length = text.Length;

        public override string ToString() => new(_c, 0, _length);

        private bool EndsWith(string suffix) =>
            suffix.Length <= _length && _c.AsSpan(_length - suffix.Length, suffix.Length).SequenceEqual(suffix);

        private void SetEnd(int stemLength, string replacement)
        {
            if (stemLength + replacement.Length > _c.Length) Array.Resize(ref _c, stemLength + replacement.Length);
            replacement.CopyTo(_c.AsSpan(stemLength));
            _length = stemLength + replacement.Length;
        }

        private bool IsConsonant(int i) => _c[i] switch
        {
            'a' or 'e' or 'i' or 'o' or 'u' => false,
            'y' => i == 0 || !IsConsonant(i - 1),
            _ => true,
        };

        /// <summary>m: the number of vowel-consonant sequences in the first <paramref name="stemLength"/> letters.</summary>
        private int Measure(int stemLength)
        {
            var m = 0;
            var i = 0;
            while (i < stemLength && IsConsonant(i)) i++;
            while (i < stemLength)
            {
                while (i < stemLength && !IsConsonant(i)) i++;
                if (i >= stemLength) break;
                while (i < stemLength && IsConsonant(i)) i++;
                m++;
            }
            return m;
        }

        private bool HasVowel(int stemLength)
        {
            for (var i = 0; i < stemLength; i++) if (!IsConsonant(i)) return true;
            return false;
        }

        private bool EndsWithDoubleConsonant(int stemLength) =>
            stemLength >= 2 && _c[stemLength - 1] == _c[stemLength - 2] && IsConsonant(stemLength - 1);

        /// <summary>*o: the stem ends consonant-vowel-consonant, the last not w, x or y.</summary>
        private bool EndsCvc(int stemLength) =>
            stemLength >= 3 && IsConsonant(stemLength - 3) && !IsConsonant(stemLength - 2) && IsConsonant(stemLength - 1)
            && _c[stemLength - 1] is not ('w' or 'x' or 'y');

        public void Step1A()
        {
            if (EndsWith("sses") || EndsWith("ies")) _length -= 2;
            else if (!EndsWith("ss") && EndsWith("s")) _length--;
        }

        public void Step1B()
        {
            if (EndsWith("eed"))
            {
                if (Measure(_length - 3) > 0) _length--;
                return;
            }
            var suffix = EndsWith("ed") ? 2 : EndsWith("ing") ? 3 : 0;
            if (suffix == 0 || !HasVowel(_length - suffix)) return;
            _length -= suffix;
            if (EndsWith("at") || EndsWith("bl") || EndsWith("iz")) SetEnd(_length, "e");
            else if (EndsWithDoubleConsonant(_length) && _c[_length - 1] is not ('l' or 's' or 'z')) _length--;
            else if (Measure(_length) == 1 && EndsCvc(_length)) SetEnd(_length, "e");
        }

        public void Step1C()
        {
            if (EndsWith("y") && HasVowel(_length - 1)) _c[_length - 1] = 'i';
        }

        /// <summary>Steps 2 and 3: the longest matching suffix is replaced when its stem has m greater than <paramref name="minimumMeasure"/>.</summary>
        public void ReplaceSuffix((string Suffix, string Replacement)[] rules, int minimumMeasure)
        {
            var best = -1;
            for (var r = 0; r < rules.Length; r++)
                if (EndsWith(rules[r].Suffix) && (best < 0 || rules[r].Suffix.Length > rules[best].Suffix.Length)) best = r;
            if (best < 0) return;
            var stem = _length - rules[best].Suffix.Length;
            if (Measure(stem) > minimumMeasure) SetEnd(stem, rules[best].Replacement);
        }

        public void Step4()
        {
            var suffix = Step4Suffixes.Where(EndsWith).MaxBy(s => s.Length);
            if (suffix is null) return;
            var stem = _length - suffix.Length;
            if (Measure(stem) <= 1) return;
            if (suffix == "ion" && !(stem > 0 && _c[stem - 1] is 's' or 't')) return;
            _length = stem;
        }

        public void Step5()
        {
            if (EndsWith("e"))
            {
                var m = Measure(_length - 1);
                if (m > 1 || (m == 1 && !EndsCvc(_length - 1))) _length--;
            }
            if (EndsWith("ll") && Measure(_length) > 1) _length--;
        }
    }
}
