# Words dich writes into published articles in Vietnamese (not the interface's language: see locales/en and locales/vi).
output-photo-credit = Ảnh: { $name }
output-translated-from = Dịch từ tiếng Việt.
