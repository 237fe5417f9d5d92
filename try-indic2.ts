import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
const require = createRequire(import.meta.url);
const fontkit = require('fontkit');
const F = '/tmp/fonttry/node_modules/@expo-google-fonts';
const samples: [string, string][] = [
  ['devanagari', 'कीमतों को स्थिर रखने के लिए चरणबद्ध वृद्धि। क्षत्रिय द्वार श्री'],
  ['bengali', 'দাম স্থিতিশীল রাখতে ধাপে ধাপে বৃদ্ধি। কোম্পানি র্ক ক্ষ জ্ঞ'],
  ['tamil', 'விலைகளை நிலையாக வைத்திருக்க படிப்படியான உயர்வு கொள்கை க்ஷ ஸ்ரீ'],
  ['telugu', 'ధరలను స్థిరంగా ఉంచడానికి దశలవారీ పెంపు క్ష్మ ర్క'],
  ['gujarati', 'કિંમતો સ્થિર રાખવા માટે તબક્કાવાર વધારો ક્ષ શ્રી'],
  ['gurmukhi', 'ਕੀਮਤਾਂ ਨੂੰ ਸਥਿਰ ਰੱਖਣ ਲਈ ਪੜਾਅਵਾਰ ਵਾਧਾ ਪ੍ਰ'],
  ['kannada', 'ಬೆಲೆಗಳನ್ನು ಸ್ಥಿರವಾಗಿಡಲು ಹಂತ ಹಂತದ ಏರಿಕೆ ಕ್ಷ ರ್ಕ'],
  ['malayalam', 'വിലകൾ സ്ഥിരമായി നിലനിർത്താൻ ഘട്ടംഘട്ടമായ വർദ്ധന കൊ ക്ഷ'],
];
const cap = (s: string) => s[0]!.toUpperCase() + s.slice(1);
for (const [name, text] of samples) for (const w of ['400Regular', '700Bold']) {
  const font = fontkit.create(readFileSync(`${F}/noto-sans-${name}/${w}/NotoSans${cap(name)}_${w}.ttf`));
  for (const word of text.split(' ')) {
    try { font.layout(word); } catch (e) { console.log(name, w, 'THROWS on', word, (e as Error).message); }
  }
}
console.log('done');
