CREATE TABLE `code_sequences` (
	`station_id` text PRIMARY KEY NOT NULL,
	`next` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `print_jobs` (
	`id` text PRIMARY KEY NOT NULL,
	`lot_id` text NOT NULL,
	`printer_id` text,
	`template_id` text NOT NULL,
	`content` text NOT NULL,
	`status` text NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`last_error` text,
	`reprint_of` text,
	`created_at` text NOT NULL,
	`created_by` text NOT NULL,
	`printed_at` text,
	FOREIGN KEY (`lot_id`) REFERENCES `lots`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`printer_id`) REFERENCES `printers`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`reprint_of`) REFERENCES `print_jobs`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `operators`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `print_jobs_status` ON `print_jobs` (`status`);--> statement-breakpoint
CREATE TABLE `printers` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`language` text NOT NULL,
	`mode` text NOT NULL,
	`transport` text NOT NULL,
	`template_id` text NOT NULL,
	`created_at` text NOT NULL,
	`created_by` text NOT NULL,
	FOREIGN KEY (`created_by`) REFERENCES `operators`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `splits` (
	`id` text PRIMARY KEY NOT NULL,
	`parent_lot_id` text NOT NULL,
	`child_lot_id` text NOT NULL,
	`buyer_name` text,
	`buyer_uscc` text,
	`buyer_phone` text,
	`price_fen` integer,
	`closing` integer NOT NULL,
	`created_at` text NOT NULL,
	`created_by` text NOT NULL,
	FOREIGN KEY (`parent_lot_id`) REFERENCES `lots`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`child_lot_id`) REFERENCES `lots`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `operators`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `splits_child_lot_id_unique` ON `splits` (`child_lot_id`);--> statement-breakpoint
CREATE INDEX `splits_parent` ON `splits` (`parent_lot_id`);--> statement-breakpoint
CREATE TABLE `station` (
	`id` integer PRIMARY KEY NOT NULL,
	`station_id` text,
	`name` text,
	`public_key` text NOT NULL,
	`private_key` text NOT NULL,
	`created_at` text NOT NULL,
	`station_id_set_at` text,
	`station_id_set_by` text,
	FOREIGN KEY (`station_id_set_by`) REFERENCES `operators`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `station_station_id_unique` ON `station` (`station_id`);--> statement-breakpoint
CREATE TABLE `trusted_keys` (
	`station_id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`public_key` text NOT NULL,
	`created_at` text NOT NULL,
	`created_by` text NOT NULL,
	FOREIGN KEY (`created_by`) REFERENCES `operators`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
ALTER TABLE `lots` ADD `parent_lot_id` text REFERENCES lots(id);--> statement-breakpoint
ALTER TABLE `lots` ADD `root_lot_id` text REFERENCES lots(id);--> statement-breakpoint
CREATE INDEX `lots_parent` ON `lots` (`parent_lot_id`);