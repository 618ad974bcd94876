# Words dich writes into published articles in Korean (not the interface's language: see locales/en and locales/vi).
output-photo-credit = 사진: { $name }
output-translated-from = 베트남어에서 번역.
