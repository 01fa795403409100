CREATE TABLE sample_b (id INT);
