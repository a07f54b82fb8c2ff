CREATE TABLE `test_items` (
	`id` text PRIMARY KEY NOT NULL,
	`name_zh` text NOT NULL,
	`name_en` text NOT NULL,
	`method_zh` text NOT NULL,
	`method_en` text NOT NULL,
	`standard` text,
	`kind` text NOT NULL,
	`unit` text,
	`min` real,
	`max` real,
	`positive_at_or_above` real,
	`category_ids` text NOT NULL,
	`lab_all_positives` integer DEFAULT false NOT NULL,
	`lab_variety_keys` text DEFAULT '[]' NOT NULL,
	`active` integer DEFAULT true NOT NULL,
	`sort_order` integer DEFAULT 0 NOT NULL,
	`updated_at` text NOT NULL,
	`updated_by` text,
	FOREIGN KEY (`updated_by`) REFERENCES `operators`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
ALTER TABLE `lots` ADD `best_before_date` text;--> statement-breakpoint
ALTER TABLE `lots` ADD `sell_by_date` text;--> statement-breakpoint
ALTER TABLE `lots` ADD `production_date` text;--> statement-breakpoint
ALTER TABLE `lots` ADD `stall_id` text REFERENCES subjects(id);--> statement-breakpoint
CREATE INDEX `lots_stall` ON `lots` (`stall_id`);--> statement-breakpoint
ALTER TABLE `operators` ADD `stall_id` text REFERENCES subjects(id);--> statement-breakpoint
-- 待检 and 扣留 become two states: a lot held only for its routine entry test (no active hold
-- covers it) is awaitingTest; a lot under an active hold stays held.
UPDATE `lots` SET `status` = 'awaitingTest' WHERE `status` = 'held' AND NOT EXISTS (SELECT 1 FROM `hold_lots` `hl` JOIN `holds` `h` ON `h`.`id` = `hl`.`hold_id` WHERE `hl`.`lot_id` = `lots`.`id` AND `h`.`status` = 'active');--> statement-breakpoint
-- A hold taken on a lot waiting for its test remembered 'held': a release now restores the wait.
UPDATE `hold_lots` SET `prior_status` = 'awaitingTest' WHERE `prior_status` = 'held';
