using SaeExplorer.Core.Labeling;

namespace SaeExplorer.Core.Tests.Labeling;

/// <summary>The examples of Porter's paper, step by step, and words the demo captions use.</summary>
public class PorterStemmerTests
{
    [Theory]
    // step 1a
    [InlineData("caresses", "caress")]
    [InlineData("ponies", "poni")]
    [InlineData("ties", "ti")]
    [InlineData("caress", "caress")]
    [InlineData("cats", "cat")]
    // step 1b
    [InlineData("feed", "feed")]
    [InlineData("agreed", "agre")]
    [InlineData("plastered", "plaster")]
    [InlineData("bled", "bled")]
    [InlineData("motoring", "motor")]
    [InlineData("sing", "sing")]
    [InlineData("conflated", "conflat")]
    [InlineData("troubled", "troubl")]
    [InlineData("sized", "size")]
    [InlineData("hopping", "hop")]
    [InlineData("tanned", "tan")]
    [InlineData("falling", "fall")]
    [InlineData("hissing", "hiss")]
    [InlineData("fizzed", "fizz")]
    [InlineData("failing", "fail")]
    [InlineData("filing", "file")]
    // step 1c
    [InlineData("happy", "happi")]
    [InlineData("sky", "sky")]
    // steps 2 to 5 (the paper's examples, run through every step)
    [InlineData("relational", "relat")]
    [InlineData("conditional", "condit")]
    [InlineData("rational", "ration")]
    [InlineData("valenci", "valenc")]
    [InlineData("digitizer", "digit")]
    [InlineData("generalizations", "gener")]
    [InlineData("oscillators", "oscil")]
    [InlineData("hopefulness", "hope")]
    [InlineData("triplicate", "triplic")]
    [InlineData("formative", "form")]
    [InlineData("electricity", "electr")]
    [InlineData("goodness", "good")]
    [InlineData("revival", "reviv")]
    [InlineData("allowance", "allow")]
    [InlineData("adjustment", "adjust")]
    [InlineData("adoption", "adopt")]
    [InlineData("controll", "control")]
    [InlineData("roll", "roll")]
    [InlineData("probate", "probat")]
    // caption words: plural and singular meet
    [InlineData("fishes", "fish")]
    [InlineData("fish", "fish")]
    [InlineData("flowers", "flower")]
    [InlineData("animals", "anim")]
    [InlineData("animal", "anim")]
    // unchanged: short words, anything outside a-z
    [InlineData("is", "is")]
    [InlineData("2024", "2024")]
    [InlineData("café", "café")]
    public void StemsAsThePaperDoes(string word, string stem) => Assert.Equal(stem, PorterStemmer.Stem(word));
}
