"""ふりがな: readings (読み) over the kanji of text the reader already holds."""
