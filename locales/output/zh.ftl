# Words dich writes into published articles in Chinese (not the interface's language: see locales/en and locales/vi).
output-photo-credit = 图片：{ $name }
output-translated-from = 译自越南语。
