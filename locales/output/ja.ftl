# Words dich writes into published articles in Japanese (not the interface's language: see locales/en and locales/vi).
output-photo-credit = 写真：{ $name }
output-translated-from = ベトナム語から翻訳。
